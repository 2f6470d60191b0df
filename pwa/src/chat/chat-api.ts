/** One tool call of a chat turn, as `POST /api/{user_id}/chat` reports it. */
export interface ToolCall {
  name: string;
  arguments: unknown;
  /** The tool's JSON result, or `{status: "error", message}` when the call failed. */
  result?: unknown;
}

export interface ChatTurn {
  conversation_id: string;
  response: string;
  tool_calls: ToolCall[];
}

export interface ChatRequest {
  conversationID: string | null;
  message: string;
  timeZone: string;
}

/** An error status from the chat endpoint, with `code` and `detail` from its problem document. */
export class ChatApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly detail: string | undefined;

  constructor(status: number, code: string | undefined, detail: string | undefined) {
    super(`POST chat failed with HTTP ${status}${detail ? `: ${detail}` : ''}`);
    this.name = 'ChatApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

/**
 * True for the TypeError that fetch rejects with when no response arrived: offline, DNS
 * failure, connection refused or reset.
 */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError;
}

/**
 * Sends one message to the agent's chat endpoint with `send`, a fetch that adds the bearer
 * token. A `conversation_id` that the server does not find (404) starts a new conversation, so
 * a conversation deleted elsewhere does not leave the panel stuck.
 */
export async function postChatMessage(
  send: (input: string, init: RequestInit) => Promise<Response>,
  userID: string,
  request: ChatRequest,
): Promise<ChatTurn> {
  const post = (conversationID: string | null) =>
    send(`/api/${encodeURIComponent(userID)}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        ...(conversationID ? { conversation_id: conversationID } : {}),
        message: request.message,
        time_zone: request.timeZone,
      }),
    });

  let response = await post(request.conversationID);
  if (response.status === 404 && request.conversationID) response = await post(null);
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as {
      code?: string;
      detail?: string;
    };
    throw new ChatApiError(response.status, problem.code, problem.detail);
  }
  return (await response.json()) as ChatTurn;
}

/**
 * Adds `metadata.time_zone` to a ChatKit request body, which the agent reads as the user's
 * zone. Bodies that are not a JSON object pass unchanged.
 */
export function withTimeZone(init: RequestInit | undefined, timeZone: string): RequestInit {
  if (typeof init?.body !== 'string') return init ?? {};
  try {
    const body = JSON.parse(init.body) as unknown;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return init;
    const request = body as { metadata?: Record<string, unknown> };
    return {
      ...init,
      body: JSON.stringify({ ...request, metadata: { ...request.metadata, time_zone: timeZone } }),
    };
  } catch {
    return init;
  }
}
