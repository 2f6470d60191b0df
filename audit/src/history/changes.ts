import { isDeepStrictEqual } from 'node:util';

/** One field of a task that an event changed, with its value before and after. */
export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

// Bookkeeping that every change moves; listing it would only repeat the event itself.
const IGNORED_FIELDS = new Set(['id', 'version', 'created_at', 'updated_at']);

/**
 * Lists the fields whose values differ between two stored states of a task, in the order of
 * the newer state's fields. Without an earlier state (a created task), it lists the fields
 * the task was created with, leaving out empty ones (null, '', [], false).
 */
export function taskChanges(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
): FieldChange[] {
  const fields = [...new Set([...Object.keys(after), ...Object.keys(before ?? {})])];
  const changes: FieldChange[] = [];
  for (const field of fields) {
    if (IGNORED_FIELDS.has(field)) continue;
    const oldValue = before?.[field] ?? null;
    const newValue = after[field] ?? null;
    if (!before && isEmpty(newValue)) continue;
    if (isDeepStrictEqual(oldValue, newValue)) continue;
    changes.push({ field, old: oldValue, new: newValue });
  }
  return changes;
}

function isEmpty(value: unknown): boolean {
  return (
    value === null ||
    value === '' ||
    value === false ||
    (Array.isArray(value) && value.length === 0)
  );
}
