import type { AgentInputItem } from '@openai/agents';
import type { ItemRecord, NewItem } from '../store/types';
import type { ToolCallRecord, TurnOutput } from './run-turn';

/** Maximum number of stored items read back into the model's context for a turn. */
export const HISTORY_ITEMS_MAX = 40;

/** Joins the text parts of a stored message (input_text, input_tag or output_text). */
export function messageText(item: Pick<ItemRecord, 'data'>): string {
  const content = Array.isArray(item.data.content) ? item.data.content : [];
  return content
    .map((part) =>
      part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string'
        ? (part as { text: string }).text
        : '',
    )
    .join(' ')
    .trim();
}

/** Turns stored items into the model's input: messages, and each tool call with its result. */
export function historyToInput(items: ItemRecord[]): AgentInputItem[] {
  const input: AgentInputItem[] = [];
  for (const item of items) {
    if (item.type === 'user_message') {
      input.push({ role: 'user', content: messageText(item) });
    } else if (item.type === 'assistant_message') {
      input.push({
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text: messageText(item) }],
      });
    } else {
      const call = item.data as unknown as ToolCallRecord;
      input.push(
        {
          type: 'function_call',
          callId: call.call_id,
          name: call.name,
          arguments: JSON.stringify(call.arguments ?? {}),
          status: 'completed',
        },
        {
          type: 'function_call_result',
          callId: call.call_id,
          name: call.name,
          status: 'completed',
          output: { type: 'text', text: JSON.stringify(call.result ?? null) },
        },
      );
    }
  }
  return input;
}

/** Lists the items a finished turn adds after the user message: its tool calls, then the reply. */
export function turnItems(output: TurnOutput, assistantItemId?: string): NewItem[] {
  return [
    ...output.toolCalls.map(
      (call): NewItem => ({ type: 'tool_call', data: { ...call } as Record<string, unknown> }),
    ),
    {
      ...(assistantItemId ? { id: assistantItemId } : {}),
      type: 'assistant_message',
      data: { content: [{ type: 'output_text', text: output.response, annotations: [] }] },
    },
  ];
}

/** Makes a thread title from the first message: its first line, cut at about 60 characters. */
export function titleFrom(message: string): string {
  const line = message.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 59).trimEnd()}…` : line;
}
