import type { Attachment, ToolChoice, UserMessageContent } from '@openai/chatkit';
import { z } from 'zod';

// The subset of the ChatKit server protocol this service speaks, in the field names of
// openai-chatkit's `chatkit/types.py` (the Python server package, which defines the
// protocol). Content, attachment and tool-choice shapes are the `@openai/chatkit` 1.9.0
// types themselves, so a change there fails the type check here.

export interface Page<T> {
  data: T[];
  has_more: boolean;
  after: string | null;
}

export interface InferenceOptions {
  tool_choice?: ToolChoice | null;
  model?: string | null;
}

export interface UserMessageItem {
  type: 'user_message';
  id: string;
  thread_id: string;
  created_at: string;
  content: UserMessageContent[];
  attachments: Attachment[];
  quoted_text?: string;
  inference_options: InferenceOptions;
}

export interface AssistantMessageContent {
  type: 'output_text';
  text: string;
  annotations: unknown[];
}

export interface AssistantMessageItem {
  type: 'assistant_message';
  id: string;
  thread_id: string;
  created_at: string;
  content: AssistantMessageContent[];
}

export type ThreadItem = UserMessageItem | AssistantMessageItem;

export interface ThreadStatus {
  type: 'active' | 'locked' | 'closed';
  reason?: string;
}

export interface Thread {
  id: string;
  title?: string;
  created_at: string;
  status: ThreadStatus;
  metadata: Record<string, unknown>;
  items: Page<ThreadItem>;
}

export type ThreadItemUpdate =
  | {
      type: 'assistant_message.content_part.added';
      content_index: number;
      content: AssistantMessageContent;
    }
  | { type: 'assistant_message.content_part.text_delta'; content_index: number; delta: string }
  | {
      type: 'assistant_message.content_part.done';
      content_index: number;
      content: AssistantMessageContent;
    };

/** Events of a streamed response, sent as server-sent events `data: <json>`. */
export type ThreadStreamEvent =
  | { type: 'thread.created'; thread: Thread }
  | { type: 'thread.updated'; thread: Thread }
  | { type: 'thread.item.added'; item: ThreadItem }
  | { type: 'thread.item.updated'; item_id: string; update: ThreadItemUpdate }
  | { type: 'thread.item.done'; item: ThreadItem }
  | { type: 'thread.item.removed'; item_id: string }
  | { type: 'stream_options'; stream_options: { allow_cancel: boolean } }
  | { type: 'progress_update'; icon?: string; text: string }
  | { type: 'error'; code: string; message?: string; allow_retry: boolean }
  | { type: 'notice'; level: 'info' | 'warning' | 'danger'; message: string; title?: string };

// Request schemas. Unknown fields are ignored, as the Python server's pydantic models do.

const UserMessageContentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('input_text'), text: z.string() }),
  z.object({
    type: z.literal('input_tag'),
    id: z.string(),
    text: z.string(),
    data: z.record(z.string(), z.unknown()).default({}),
    group: z.string().nullish(),
    interactive: z.boolean().default(false),
  }),
]);

const UserMessageInputSchema = z.object({
  content: z.array(UserMessageContentSchema),
  attachments: z.array(z.string()).default([]),
  quoted_text: z.string().nullish(),
  inference_options: z
    .object({
      tool_choice: z.object({ id: z.string() }).nullish(),
      model: z.string().nullish(),
    })
    .default({}),
});
export type UserMessageInput = z.output<typeof UserMessageInputSchema>;

const PageParams = {
  limit: z.number().int().min(1).max(100).nullish(),
  order: z.enum(['asc', 'desc']).default('desc'),
  after: z.string().nullish(),
};

const metadata = z.record(z.string(), z.unknown()).default({});

export const ChatKitRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('threads.create'),
    params: z.object({ input: UserMessageInputSchema }),
    metadata,
  }),
  z.object({
    type: z.literal('threads.add_user_message'),
    params: z.object({ thread_id: z.string(), input: UserMessageInputSchema }),
    metadata,
  }),
  z.object({
    type: z.literal('threads.get_by_id'),
    params: z.object({ thread_id: z.string() }),
    metadata,
  }),
  z.object({
    type: z.literal('threads.list'),
    params: z.object(PageParams).default({ order: 'desc' }),
    metadata,
  }),
  z.object({
    type: z.literal('items.list'),
    params: z.object({ thread_id: z.string(), ...PageParams }),
    metadata,
  }),
  z.object({
    type: z.literal('threads.update'),
    params: z.object({ thread_id: z.string(), title: z.string().max(200) }),
    metadata,
  }),
  z.object({
    type: z.literal('threads.delete'),
    params: z.object({ thread_id: z.string() }),
    metadata,
  }),
  z.object({
    type: z.literal('items.feedback'),
    params: z.object({
      thread_id: z.string(),
      item_ids: z.array(z.string()),
      kind: z.enum(['positive', 'negative']),
    }),
    metadata,
  }),
]);
export type ChatKitRequest = z.output<typeof ChatKitRequestSchema>;

/** Request types whose response is an event stream; the others get one JSON document. */
export const STREAMING_REQUEST_TYPES = new Set(['threads.create', 'threads.add_user_message']);

/** Request types of the protocol that this server does not implement. */
export const UNSUPPORTED_REQUEST_TYPES = new Set([
  'threads.add_client_tool_output',
  'threads.custom_action',
  'threads.retry_after_item',
  'attachments.create',
  'attachments.delete',
]);
