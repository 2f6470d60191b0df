import type { TFunction } from 'i18next';
import { isolate } from '../i18n';
import type { ToolCall } from './chat-api';
import type { ToolSummary } from './conversation';

/**
 * Reduces an online turn's tool calls to what the panel lists under the reply: the result's
 * status with the task title or the number of tasks (result shapes: specs/api/mcp-tools.md).
 */
export function summarizeToolCalls(calls: ToolCall[]): ToolSummary[] {
  return calls.flatMap((call): ToolSummary[] => {
    const result = call.result as Record<string, unknown> | undefined;
    if (!result || typeof result.status !== 'string') return [];
    const task = result.task as { title?: unknown } | undefined;
    const title = typeof task?.title === 'string' ? task.title : undefined;
    const list = (result.tasks ?? result.moved ?? result.candidates) as unknown[] | undefined;
    return [
      {
        status: result.status,
        ...(title !== undefined ? { title } : {}),
        ...(Array.isArray(list) ? { count: list.length } : {}),
      },
    ];
  });
}

const TITLED = new Set(['created', 'found', 'updated', 'completed', 'reopened', 'deleted']);
const COUNTED = new Set(['listed', 'rescheduled', 'ambiguous']);

/** Phrases one summary in the interface language; null for a status the panel does not know. */
export function describeToolSummary(t: TFunction, summary: ToolSummary): string | null {
  if (TITLED.has(summary.status) && summary.title !== undefined) {
    return t(`chat.tools.${summary.status}`, { title: isolate(summary.title) });
  }
  if (COUNTED.has(summary.status)) {
    return t(`chat.tools.${summary.status}`, { count: summary.count ?? 0 });
  }
  if (summary.status === 'error') return t('chat.tools.failed');
  return null;
}
