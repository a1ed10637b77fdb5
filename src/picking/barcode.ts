/**
 * Scan matching for pick confirm and pack verify: the item's UPC exactly (case-sensitive), one of its
 * barcode_aliases, or its SKU. legacy-difference: the legacy server refused SKU scans (spec 30 §1.5), so an
 * item without UPC or aliases could never be confirmed; the product requirement is UPC, SKU and aliases.
 */
export function matchesItemBarcode(
  item: { upc: string | null; sku: string; barcodeAliases: unknown },
  scanned: string,
): boolean {
  if (item.upc !== null && item.upc === scanned) return true;
  if (item.sku === scanned) return true;
  return Array.isArray(item.barcodeAliases) && item.barcodeAliases.some((a) => a === scanned);
}
