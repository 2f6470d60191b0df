import type { MutationError } from '@fehrist/domain';
import type { TFunction } from 'i18next';

const FIELD_KEYS = new Set([
  'title',
  'description',
  'tags',
  'due_date',
  'due_time',
  'priority',
  'time_zone',
  'recurrence',
  'reminders',
]);

/** Returns the field a domain issue names, without a list index (`tags.3` becomes `tags`). */
export function issueField(field: string): string {
  return field.split('.')[0] ?? field;
}

/** Turns a MutationError into one translated sentence per distinct field. */
export function issueMessage(
  t: TFunction,
  error: Pick<MutationError, 'issues' | 'message'>,
): string {
  const fields = [...new Set(error.issues.map((issue) => issueField(issue.field)))];
  const known = fields.filter((field) => FIELD_KEYS.has(field));
  if (known.length === 0) return t('errors.generic', { message: error.message });
  return known.map((field) => t(`errors.${field}`)).join(' ');
}
