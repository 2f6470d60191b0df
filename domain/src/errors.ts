import type { z } from 'zod';

/** One problem with one input field, in words a user can act on. */
export interface FieldIssue {
  field: string;
  message: string;
}

export type MutationErrorCode = 'invalid' | 'not_found' | 'task_deleted' | 'unknown_mutator';

/**
 * A mutation the domain refuses to apply. Server and client both catch it by type: the
 * server records the mutation as processed and reports it, the client shows the reason.
 */
export class MutationError extends Error {
  readonly code: MutationErrorCode;
  readonly issues: FieldIssue[];

  constructor(code: MutationErrorCode, message: string, issues: FieldIssue[] = []) {
    super(message);
    this.name = 'MutationError';
    this.code = code;
    this.issues = issues;
  }
}

export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({ field: [...issue.path, key].join('.'), message: `unknown field "${key}"` });
      }
      continue;
    }
    const field = issue.path.map(String).join('.') || '(body)';
    issues.push({ field, message: issue.message });
  }
  return issues;
}

/** Parses input with a schema, or throws a MutationError that names each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = issuesFromZod(result.error);
  const summary = issues.map((issue) => issue.message).join('; ');
  throw new MutationError('invalid', summary, issues);
}
