import type { Slot, Unit, World } from './data';
import type { Face } from './faces';

/** Runs one request and records it under the step's name (latency from `since`, default now; errors). */
export type Step = <T>(op: string, fn: () => Promise<T>, since?: number) => Promise<T>;

/**
 * One order through the warehouse day, 27 requests: PO lookup -> 3 x (receive, bin lookup, put-away) -> wave ->
 * next / confirm until done -> complete -> 3 x (item lookup, pack verify) -> pack complete -> ship.
 * The benchmark and the soak both drive exactly this.
 */
export async function runWarehouseDay(
  face: Face,
  world: World,
  slot: Slot,
  unit: Unit,
  step: Step,
  trackingNumber: string,
): Promise<void> {
  const po = await step('po_lookup', () => face.poLookup(unit.poBarcode));
  for (const line of po.lines) {
    const item = slot.items.find((i) => i.itemId === line.itemId)!;
    await step('receive', () => face.receive(po.poId, line.itemId, line.remaining, slot.stagingBinId));
    await step('lookup_bin', () => face.lookupBin(slot.stagingBarcode));
    await step('putaway', () => face.putaway(line.itemId, slot.stagingBinId, item.pickBinId, line.remaining));
  }
  const { batchId } = await step('wave_create', () => face.waveCreate(unit.soId, world.warehouseId));
  for (;;) {
    const task = await step('pick_next', () => face.next(batchId));
    if (!task) break;
    await step('pick_confirm', () => face.confirm(task.pickTaskId, task.upc, task.quantityToPick));
  }
  await step('pick_complete', () => face.completeBatch(batchId));
  for (const item of slot.items) {
    await step('lookup_item', () => face.lookupItem(item.upc));
    await step('pack_verify', () => face.packVerify(unit.soId, item.upc, item.qty));
  }
  await step('pack_complete', () => face.packComplete(unit.soId));
  await step('ship', () => face.ship(unit.soId, trackingNumber));
}
