-- One stock row per (item, bin, lot), the no-lot row included: NULL lots are not distinct here,
-- so two concurrent first receipts into a bin cannot create two "no lot" rows.
DROP INDEX IF EXISTS "inventory_item_id_bin_id_lot_number_key";
CREATE UNIQUE INDEX "inventory_item_id_bin_id_lot_number_key" ON "inventory"("item_id", "bin_id", "lot_number") NULLS NOT DISTINCT;
