import type { TaskSummary, ToolOutcome } from '@fehrist/domain';
import { NOT_FOUND_PREFIX } from '../tools/resolve';

/**
 * Reads a task tool's result (see specs/api/mcp-tools.md) as the outcome the domain's
 * `replyFor` phrases. A failed call arrives as `{status: 'error', message}`; one whose message
 * starts with "Not found:" is reported as not found, in the user's language.
 */
export function toOutcome(tool: string, result: unknown): ToolOutcome | null {
  if (!result || typeof result !== 'object') return null;
  const value = result as Record<string, unknown>;
  const task = value.task as TaskSummary | undefined;

  switch (value.status) {
    case 'error': {
      const message = String(value.message ?? '');
      return message.startsWith(NOT_FOUND_PREFIX)
        ? { kind: 'not_found' }
        : { kind: 'failed', message };
    }
    case 'ambiguous':
      return { kind: 'candidates', tasks: (value.candidates as TaskSummary[] | undefined) ?? [] };
    case 'listed':
      return { kind: 'listed', tasks: (value.tasks as TaskSummary[] | undefined) ?? [] };
    case 'rescheduled': {
      const moved =
        (value.moved as { id: string; title: string; to: Partial<TaskSummary> }[]) ?? [];
      const failed = (value.failed as { error: string }[] | undefined) ?? [];
      if (moved.length === 0 && failed.length > 0) {
        return { kind: 'failed', message: failed.map((failure) => failure.error).join('; ') };
      }
      return {
        kind: 'rescheduled',
        tasks: moved.map((move) => ({ id: move.id, title: move.title, ...move.to })),
      };
    }
  }
  if (!task) return null;
  switch (value.status) {
    case 'created':
      return { kind: 'added', task };
    case 'found':
      return { kind: 'listed', tasks: [task] };
    case 'completed':
      return { kind: 'completed', task };
    case 'deleted':
      return { kind: 'deleted', task };
    case 'reopened':
    case 'updated':
      return tool === 'set_reminder' ? { kind: 'reminder_set', task } : { kind: 'updated', task };
    default:
      return null;
  }
}
