import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { issuesFromZod } from './errors';
import { PUSH_LIMITS } from './sync';
import { PullRequestSchema, PushRequestSchema } from './sync-schema';

const MUTATION = {
  clientID: 'client-a',
  id: 1,
  name: 'createTask',
  args: { id: '0b9f1c2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f', title: 'Buy milk' },
  timestamp: 1_773_144_000_000,
};

/** Returns the fields named by a failed parse, or an empty list when it succeeds. */
function badFields(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : issuesFromZod(result.error).map((issue) => issue.field);
}

function push(mutation: Record<string, unknown>) {
  return { clientGroupID: 'group-1', mutations: [{ ...MUTATION, ...mutation }] };
}

describe('PushRequestSchema', () => {
  it.each<[string, unknown, string[]]>([
    ['one mutation', push({}), []],
    ['no mutations', { clientGroupID: 'group-1', mutations: [] }, []],
    ['any mutator name', push({ name: 'archiveTask' }), []],
    ['args of any shape', push({ args: null }), []],
    ['missing clientGroupID', { mutations: [] }, ['clientGroupID']],
    ['empty clientGroupID', { clientGroupID: '', mutations: [] }, ['clientGroupID']],
    ['clientGroupID of 101', { clientGroupID: 'g'.repeat(101), mutations: [] }, ['clientGroupID']],
    ['mutations as an object', { clientGroupID: 'group-1', mutations: {} }, ['mutations']],
    ['id 0', push({ id: 0 }), ['mutations.0.id']],
    ['negative id', push({ id: -1 }), ['mutations.0.id']],
    ['fractional id', push({ id: 1.5 }), ['mutations.0.id']],
    ['id as text', push({ id: '1' }), ['mutations.0.id']],
    ['empty clientID', push({ clientID: '' }), ['mutations.0.clientID']],
    ['clientID of 101', push({ clientID: 'c'.repeat(101) }), ['mutations.0.clientID']],
    ['empty name', push({ name: '' }), ['mutations.0.name']],
    [
      'infinite timestamp',
      push({ timestamp: Number.POSITIVE_INFINITY }),
      ['mutations.0.timestamp'],
    ],
    ['timestamp as text', push({ timestamp: '2026-03-10' }), ['mutations.0.timestamp']],
    ['source reminder', push({ source: 'reminder' }), []],
    ['source chat', push({ source: 'chat' }), ['mutations.0.source']],
    ['unknown mutation field', push({ retry: true }), ['mutations.0.retry']],
    ['unknown request field', { ...push({}), profileID: 'p' }, ['profileID']],
  ])('%s: bad fields %j', (_name, input, fields) => {
    expect(badFields(PushRequestSchema, input)).toEqual(fields);
  });

  it('missing args is rejected', () => {
    const { args: _args, ...withoutArgs } = MUTATION;
    const input = { clientGroupID: 'group-1', mutations: [withoutArgs] };
    expect(badFields(PushRequestSchema, input)).toEqual(['mutations.0.args']);
  });

  it.each([
    [PUSH_LIMITS.maxMutations, []],
    [PUSH_LIMITS.maxMutations + 1, ['mutations']],
  ])('%i mutations: bad fields %j', (count, fields) => {
    const mutations = Array.from({ length: count }, (_, index) => ({ ...MUTATION, id: index + 1 }));
    expect(badFields(PushRequestSchema, { clientGroupID: 'group-1', mutations })).toEqual(fields);
  });
});

describe('PullRequestSchema', () => {
  it.each<[string, unknown, string[]]>([
    ['null cookie', { clientGroupID: 'group-1', cookie: null }, []],
    ['cookie 0', { clientGroupID: 'group-1', cookie: 0 }, []],
    ['cookie 42', { clientGroupID: 'group-1', cookie: 42 }, []],
    ['missing cookie', { clientGroupID: 'group-1' }, ['cookie']],
    ['negative cookie', { clientGroupID: 'group-1', cookie: -1 }, ['cookie']],
    ['fractional cookie', { clientGroupID: 'group-1', cookie: 1.5 }, ['cookie']],
    ['cookie as text', { clientGroupID: 'group-1', cookie: '42' }, ['cookie']],
    ['empty clientGroupID', { clientGroupID: '', cookie: null }, ['clientGroupID']],
    [
      'unknown field',
      { clientGroupID: 'group-1', cookie: null, schemaVersion: '1' },
      ['schemaVersion'],
    ],
  ])('%s: bad fields %j', (_name, input, fields) => {
    expect(badFields(PullRequestSchema, input)).toEqual(fields);
  });
});
