import { randomUUID } from 'node:crypto';
import {
  type AgentInputItem,
  type Model,
  type ModelRequest,
  type ModelResponse,
  type protocol,
  type StreamEvent,
  Usage,
} from '@openai/agents';
import type { CommandParser } from './command-parser';
import { toToolArguments } from './command-tools';
import { toOutcome } from './tool-outcome';

type OutputItem = protocol.OutputModelItem;

export interface OfflineModelOptions {
  parser: CommandParser;
  timeZone: string;
  now(): Date;
}

/**
 * A `Model` with no language model behind it. The domain's command parser turns the latest
 * user message into one tool call. On the next call, the parser's `replyFor` writes the reply
 * from the tool result, in the language of the message. One command per message is
 * understood, and a message with none gets a reply that says what to write instead.
 */
export class OfflineCommandModel implements Model {
  constructor(private readonly options: OfflineModelOptions) {}

  async getResponse(request: ModelRequest): Promise<ModelResponse & { output: OutputItem[] }> {
    return {
      output: [this.respond(request)],
      usage: new Usage({ requests: 1 }),
      responseId: `offline-${randomUUID()}`,
    };
  }

  async *getStreamedResponse(request: ModelRequest): AsyncIterable<StreamEvent> {
    const response = await this.getResponse(request);
    yield { type: 'response_started' };
    for (const item of response.output) {
      if (item.type === 'message' && item.role === 'assistant') {
        for (const part of item.content) {
          if (part.type === 'output_text') yield { type: 'output_text_delta', delta: part.text };
        }
      }
    }
    yield {
      type: 'response_done',
      response: {
        id: response.responseId ?? `offline-${randomUUID()}`,
        usage: { requests: 1, inputTokens: 0, outputTokens: 0, totalTokens: 0 },
        output: response.output,
      },
    };
  }

  private respond(request: ModelRequest): OutputItem {
    const items: AgentInputItem[] =
      typeof request.input === 'string'
        ? [{ role: 'user', content: request.input }]
        : request.input;
    const userIndex = items.findLastIndex(isUserMessage);
    const text = userIndex >= 0 ? userText(items[userIndex] as AgentInputItem) : '';
    const { parser } = this.options;

    // The message is parsed again on the call after the tool ran. Parsing is pure and the
    // clock is fixed for the turn, so both calls get the same command.
    const command = parser.parseCommand(text, {
      now: this.options.now(),
      timeZone: this.options.timeZone,
    });
    if (command.tool === 'unknown') {
      return assistantText(parser.replyFor(command, null, command.language));
    }

    const toolResult = items
      .slice(userIndex + 1)
      .findLast((item) => item.type === 'function_call_result');
    if (toolResult) {
      const outcome = toOutcome(command.tool, readToolOutput(toolResult));
      return assistantText(parser.replyFor(command, outcome, command.language));
    }

    const served = request.tools.some((tool) => 'name' in tool && tool.name === command.tool);
    if (!served) {
      const outcome = { kind: 'failed' as const, message: `${command.tool} is not available` };
      return assistantText(parser.replyFor(command, outcome, command.language));
    }
    return {
      type: 'function_call',
      callId: `call_${randomUUID()}`,
      name: command.tool,
      arguments: JSON.stringify(
        toToolArguments(command.tool, command.args as unknown as Record<string, unknown>),
      ),
      status: 'completed',
    };
  }
}

function isUserMessage(item: AgentInputItem): boolean {
  return 'role' in item && item.role === 'user';
}

function userText(item: AgentInputItem): string {
  if (!('role' in item) || item.role !== 'user') return '';
  if (typeof item.content === 'string') return item.content;
  return item.content
    .map((part) => (part.type === 'input_text' ? part.text : ''))
    .join(' ')
    .trim();
}

/**
 * Reads a tool result as the MCP tools write it: a JSON object on success, a plain sentence
 * on failure, which becomes `{status: 'error', message}`.
 */
export function readToolOutput(item: AgentInputItem): unknown {
  if (item.type !== 'function_call_result') return undefined;
  const text = outputText(item.output);
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') return parsed;
  } catch {
    // A sentence, not JSON: the tool failed.
  }
  return { status: 'error', message: text };
}

function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  const parts = Array.isArray(output) ? output : [output];
  return parts
    .map((part) =>
      part && typeof part === 'object' && 'text' in part && typeof part.text === 'string'
        ? part.text
        : '',
    )
    .join('');
}

function assistantText(text: string): OutputItem {
  return {
    type: 'message',
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text }],
  };
}
