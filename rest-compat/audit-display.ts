/**
 * The legacy audit screen's display of `details` (spec 70 §11): a key holding the id of an existing bin, item,
 * SO or PO loses its `_id` and shows the entity's code (`from_bin_id: 3` → `from_bin: "A-01-01"`). The core
 * names those references (`AuditLogEntry.references`); only keys that are ids are rewritten.
 */
export interface AuditReferenceView {
  key: string;
  name: string;
}

export function legacyAuditDetails(details: unknown, references: AuditReferenceView[]): unknown {
  if (details === null || typeof details !== 'object' || Array.isArray(details) || references.length === 0) return details;
  const names = new Map(references.map((r) => [r.key, r.name]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details as Record<string, unknown>)) {
    const name = names.get(key);
    if (name === undefined) out[key] = value;
    else out[key.replaceAll('_id', '')] = name;
  }
  return out;
}
