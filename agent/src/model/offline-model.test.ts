import type { ModelRequest } from '@openai/agents';
import { describe, expect, it } from 'vitest';
import type { CommandParser, ParsedCommand } from './command-parser';
import { toToolArguments } from './command-tools';
import { OfflineCommandModel } from './offline-model';
import { toOutcome } from './tool-outcome';

const NOW = new Date('2026-12-04T10:00:00Z');

/** Creates a parser double that reads "delete X" as delete_task and nothing else. */
function fakeParser(replies: unknown[][]): CommandParser {
  return {
    parseCommand(text, options): ParsedCommand {
      expect(options).toEqual({ now: NOW, timeZone: 'Asia/Karachi' });
      const match = /^delete (.+)$/.exec(text);
      return match?.[1]
        ? { tool: 'delete_task', args: { match: { text: match[1] } }, language: 'en' }
        : { tool: 'unknown', reason: 'no_command', language: 'ur' };
    },
    replyFor(command, outcome, language) {
      replies.push([command.tool, outcome, language]);
      return `reply to ${command.tool}`;
    },
  };
}

function request(input: ModelRequest['input'], toolNames = ['delete_task']): ModelRequest {
  return {
    input,
    modelSettings: {},
    tools: toolNames.map((name) => ({
      type: 'function',
      name,
      description: '',
      parameters: { type: 'object', properties: {}, required: [], additionalProperties: true },
      strict: false,
    })),
    outputType: 'text',
    handoffs: [],
    tracing: false,
  };
}

function model(parser: CommandParser) {
  return new OfflineCommandModel({ parser, timeZone: 'Asia/Karachi', now: () => NOW });
}

describe('OfflineCommandModel', () => {
  it('turns a command into one tool call with the tool input', async () => {
    const response = await model(fakeParser([])).getResponse(request('delete milk'));
    expect(response.output).toHaveLength(1);
    expect(response.output[0]).toMatchObject({
      type: 'function_call',
      name: 'delete_task',
      arguments: JSON.stringify({ match: 'milk' }),
    });
  });

  it('phrases the answer from the tool result on the next call', async () => {
    const replies: unknown[][] = [];
    const result = { status: 'ambiguous', candidates: [{ id: 't1', title: 'Buy milk' }] };
    const response = await model(fakeParser(replies)).getResponse(
      request([
        { role: 'user', content: 'delete milk' },
        {
          type: 'function_call',
          callId: 'c1',
          name: 'delete_task',
          arguments: '{}',
          status: 'completed',
        },
        {
          type: 'function_call_result',
          callId: 'c1',
          name: 'delete_task',
          status: 'completed',
          output: [{ type: 'input_text', text: JSON.stringify(result) }],
        },
      ]),
    );
    expect(replies).toEqual([
      ['delete_task', { kind: 'candidates', tasks: [{ id: 't1', title: 'Buy milk' }] }, 'en'],
    ]);
    expect(response.output[0]).toMatchObject({
      role: 'assistant',
      content: [{ type: 'output_text', text: 'reply to delete_task' }],
    });
  });

  it('reads a failed tool call as a failure or as not found', async () => {
    const replies: unknown[][] = [];
    await model(fakeParser(replies)).getResponse(
      request([
        { role: 'user', content: [{ type: 'input_text', text: 'delete milk' }] },
        {
          type: 'function_call_result',
          callId: 'c1',
          name: 'delete_task',
          status: 'completed',
          output: { type: 'text', text: 'The task service failed with HTTP 500.' },
        },
      ]),
    );
    expect(replies[0]?.[1]).toEqual({
      kind: 'failed',
      message: 'The task service failed with HTTP 500.',
    });
    await model(fakeParser(replies)).getResponse(
      request([
        { role: 'user', content: 'delete milk' },
        {
          type: 'function_call_result',
          callId: 'c1',
          name: 'delete_task',
          status: 'completed',
          output: { type: 'text', text: 'Not found: no task has a title containing "milk".' },
        },
      ]),
    );
    expect(replies[1]?.[1]).toEqual({ kind: 'not_found' });
  });

  it('answers a command it did not understand without a tool call', async () => {
    const replies: unknown[][] = [];
    const response = await model(fakeParser(replies)).getResponse(request('سلام'));
    expect(replies).toEqual([['unknown', null, 'ur']]);
    expect(response.output[0]).toMatchObject({ type: 'message', role: 'assistant' });
  });

  it('answers instead of calling a tool the agent does not offer', async () => {
    const replies: unknown[][] = [];
    const response = await model(fakeParser(replies)).getResponse(
      request('delete milk', ['add_task']),
    );
    expect(response.output[0]).toMatchObject({ type: 'message' });
    expect(replies[0]?.[1]).toMatchObject({ kind: 'failed' });
  });

  it('streams the same output, ending with response_done', async () => {
    const events = [];
    for await (const event of model(fakeParser([])).getStreamedResponse(request('hello')))
      events.push(event);
    expect(events.map((event) => event.type)).toEqual([
      'response_started',
      'output_text_delta',
      'response_done',
    ]);
    const done = events.at(-1) as { response: { output: unknown[] } };
    expect(done.response.output).toHaveLength(1);
  });
});

describe('toToolArguments', () => {
  it.each([
    ['complete_task', { match: { text: 'buy milk' } }, { match: 'buy milk' }],
    ['delete_task', { match: { id: 'a1' } }, { id: 'a1' }],
    [
      'update_task',
      { match: { text: 'report' }, changes: { priority: 'high' } },
      { match: 'report', priority: 'high' },
    ],
    [
      'set_reminder',
      { match: { text: 'bank' }, reminders: [{ minutes_before: 15 }] },
      { match: 'bank', minutes_before: 15 },
    ],
    ['add_task', { title: 'x', due_date: '2027-01-13' }, { title: 'x', due_date: '2027-01-13' }],
    [
      'reschedule_tasks',
      { filter: { q: 'meeting' }, new_time: '14:00' },
      { filter: { q: 'meeting' }, new_time: '14:00' },
    ],
  ])('maps %s arguments', (tool, args, expected) => {
    expect(toToolArguments(tool, args)).toEqual(expected);
  });
});

describe('toOutcome', () => {
  const task = { id: 't1', title: 'Buy milk' };
  it.each([
    ['add_task', { status: 'created', task }, { kind: 'added', task }],
    ['list_tasks', { status: 'listed', tasks: [task] }, { kind: 'listed', tasks: [task] }],
    ['get_task', { status: 'found', task }, { kind: 'listed', tasks: [task] }],
    ['complete_task', { status: 'completed', task }, { kind: 'completed', task }],
    ['delete_task', { status: 'deleted', task }, { kind: 'deleted', task }],
    ['update_task', { status: 'updated', task }, { kind: 'updated', task }],
    ['set_reminder', { status: 'updated', task }, { kind: 'reminder_set', task }],
    [
      'delete_task',
      { status: 'ambiguous', candidates: [task] },
      { kind: 'candidates', tasks: [task] },
    ],
    [
      'reschedule_tasks',
      {
        status: 'rescheduled',
        moved: [
          {
            id: 't1',
            title: 'Standup',
            from: {},
            to: { due_date: '2026-12-04', due_time: '14:00' },
          },
        ],
        failed: [],
      },
      {
        kind: 'rescheduled',
        tasks: [{ id: 't1', title: 'Standup', due_date: '2026-12-04', due_time: '14:00' }],
      },
    ],
    ['delete_task', { status: 'error', message: 'Not found: no task.' }, { kind: 'not_found' }],
    [
      'delete_task',
      { status: 'error', message: 'HTTP 500' },
      { kind: 'failed', message: 'HTTP 500' },
    ],
    ['delete_task', undefined, null],
  ])('reads a %s result %j', (tool, result, outcome) => {
    expect(toOutcome(tool, result)).toEqual(outcome);
  });
});
