import {
  Agent,
  type AgentInputItem,
  MCPServerStreamableHttp,
  type RunItem,
  Runner,
} from '@openai/agents';
import type { Caller } from '../auth/bearer';
import { TIME_ZONE_HEADER } from '../http/time-zone';
import { moduleLogger } from '../logger';
import { readToolOutput } from '../model/offline-model';
import type { ModelFactory } from '../model/select-model';
import { agentInstructions } from './instructions';

const log = moduleLogger('turn');

// Maximum model calls per turn: enough for a lookup, a few changes and the reply, while a
// model that loops on tool calls stops here.
const MAX_MODEL_CALLS = 10;

/** One tool call of a turn, as the chat endpoint returns and the conversation stores it. */
export interface ToolCallRecord {
  call_id: string;
  name: string;
  arguments: unknown;
  result?: unknown;
}

export interface TurnInput {
  caller: Caller;
  timeZone: string;
  /** Earlier messages and tool calls of the conversation, oldest first. */
  history: AgentInputItem[];
  message: string;
}

export interface TurnOutput {
  response: string;
  toolCalls: ToolCallRecord[];
}

/** Callbacks for streaming a turn as it runs. */
export interface TurnListener {
  onTextDelta?(delta: string): void;
  onToolCall?(name: string): void;
}

export interface TurnRunnerOptions {
  createModel: ModelFactory;
  /** URL of this service's own `/mcp`, on loopback. */
  mcpUrl(): string;
  now(): Date;
}

export type TurnRunner = (input: TurnInput, listener?: TurnListener) => Promise<TurnOutput>;

/**
 * Runs chat turns. Each turn connects an MCP client to this service's own `/mcp` with the
 * caller's token and zone, so the agent's tools are exactly the MCP tools other clients see,
 * and each tool call reaches the REST API as the caller.
 */
export function createTurnRunner(options: TurnRunnerOptions): TurnRunner {
  // Tracing stays off: traces would carry users' messages to OpenAI's trace store.
  const runner = new Runner({ tracingDisabled: true, workflowName: 'fehrist-chat' });

  return async function runTurn(input, listener) {
    const now = options.now();
    const mcp = new MCPServerStreamableHttp({
      url: options.mcpUrl(),
      name: 'fehrist-tasks',
      cacheToolsList: true,
      requestInit: {
        headers: {
          authorization: `Bearer ${input.caller.token}`,
          [TIME_ZONE_HEADER]: input.timeZone,
        },
      },
      // Protocol errors (invalid arguments) reach the model as text, so it can correct the call.
      errorFunction: ({ error }) =>
        `The tool call was rejected: ${error instanceof Error ? error.message : String(error)}`,
    });
    await mcp.connect();
    try {
      const agent = new Agent({
        name: 'Fehrist',
        instructions: agentInstructions(now, input.timeZone),
        model: await options.createModel({ timeZone: input.timeZone, now: () => now }),
        mcpServers: [mcp],
      });
      const turnInput: AgentInputItem[] = [
        ...input.history,
        { role: 'user', content: input.message },
      ];

      if (!listener) {
        const result = await runner.run(agent, turnInput, { maxTurns: MAX_MODEL_CALLS });
        return summarize(result.newItems, result.finalOutput);
      }

      const result = await runner.run(agent, turnInput, {
        maxTurns: MAX_MODEL_CALLS,
        stream: true,
      });
      for await (const event of result) {
        if (event.type === 'raw_model_stream_event' && event.data.type === 'output_text_delta') {
          listener.onTextDelta?.(event.data.delta);
        } else if (event.type === 'run_item_stream_event' && event.name === 'tool_called') {
          const raw = event.item.rawItem as { name?: string };
          listener.onToolCall?.(raw.name ?? 'tool');
        }
      }
      await result.completed;
      return summarize(result.newItems, result.finalOutput);
    } finally {
      await mcp
        .close()
        .catch((error: unknown) => log.warn({ err: error }, 'MCP client close failed'));
    }
  };
}

/** Pairs each tool call of the turn with its result, and takes the final output as the reply. */
function summarize(items: RunItem[], finalOutput: unknown): TurnOutput {
  const toolCalls: ToolCallRecord[] = [];
  const byCallId = new Map<string, ToolCallRecord>();
  for (const item of items) {
    if (item.type === 'tool_call_item' && item.rawItem.type === 'function_call') {
      const record: ToolCallRecord = {
        call_id: item.rawItem.callId,
        name: item.rawItem.name,
        arguments: parseArguments(item.rawItem.arguments),
      };
      toolCalls.push(record);
      byCallId.set(record.call_id, record);
    } else if (item.type === 'tool_call_output_item') {
      const raw = item.rawItem as AgentInputItem & { callId?: string };
      const record = raw.callId ? byCallId.get(raw.callId) : undefined;
      if (record) record.result = readToolOutput(raw);
    }
  }
  const response =
    typeof finalOutput === 'string' ? finalOutput : JSON.stringify(finalOutput ?? '');
  return { response, toolCalls };
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
