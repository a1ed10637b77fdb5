/** Documented admin-catalog paths not served yet; delete a line when its route lands. */
export const pending: string[] = [];
