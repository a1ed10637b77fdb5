/**
 * Scan matching for pick confirm and pack verify (spec 30 §1.5, 40 §2): the item's UPC exactly
 * (case-sensitive) or one of its barcode_aliases. The SKU does not match.
 */
export function matchesItemBarcode(item: { upc: string | null; barcodeAliases: unknown }, scanned: string): boolean {
  if (item.upc !== null && item.upc === scanned) return true;
  return Array.isArray(item.barcodeAliases) && item.barcodeAliases.some((a) => a === scanned);
}
