// Keeps specs/api/events.md and the event contract of domain/src/events.ts in step: the
// topics, the task event types and the payload fields.
import { TASK_EVENT_TYPES, TOPICS } from '@fehrist/domain';
import { describe, expect, it } from 'vitest';
import { inlineCode, readTables } from './support/markdown';
import { readRepoFile } from './support/repo';

const EVENTS_SPEC = 'specs/api/events.md';
const EVENTS_SOURCE = 'domain/src/events.ts';
const PAYLOADS = ['TaskEvent', 'ReminderEvent', 'TaskUpdateEvent'];

function topicTable() {
  const table = readTables(EVENTS_SPEC).find(
    (candidate) => candidate.header[0] === 'topic' && candidate.header.includes('payload'),
  );
  if (!table) throw new Error(`${EVENTS_SPEC} has no table headed "topic | … | payload"`);
  return table;
}

const firstCode = (cell: string | undefined) => /`([^`]+)`/.exec(cell ?? '')?.[1];

/** Field names of an exported interface, read from the source text. */
function interfaceFields(source: string, name: string): string[] {
  const body = new RegExp(`export interface ${name}(?:<[^>]*>)? \\{([\\s\\S]*?)\\n\\}`).exec(
    source,
  )?.[1];
  if (!body) throw new Error(`${EVENTS_SOURCE} has no interface ${name}`);
  return [...body.matchAll(/^\s{2}(\w+)\??:/gm)].map((match) => match[1] as string);
}

describe('events spec', () => {
  it('lists exactly the topics of TOPICS', () => {
    const documented = topicTable().rows.map((row) => firstCode(row.cells[0]));
    expect([...documented].sort()).toEqual(Object.values(TOPICS).sort());
  });

  it('names every task event type on task-events', () => {
    const row = topicTable().rows.find(
      (candidate) => firstCode(candidate.cells[0]) === TOPICS.taskEvents,
    );
    const named = inlineCode(row?.cells.join(' | ') ?? '');
    for (const type of TASK_EVENT_TYPES) {
      expect(named, `event type ${type} in the task-events row`).toContain(type);
    }
  });

  it('names no task event type the domain lacks', () => {
    const row = topicTable().rows.find(
      (candidate) => firstCode(candidate.cells[0]) === TOPICS.taskEvents,
    );
    const written = row?.cells.at(-1) ?? '';
    for (const type of inlineCode(written)) {
      expect(TASK_EVENT_TYPES as readonly string[], `${type} in the task-events row`).toContain(
        type,
      );
    }
  });

  it.each(PAYLOADS)('names every field of %s', (name) => {
    const spec = readRepoFile(EVENTS_SPEC);
    for (const field of interfaceFields(readRepoFile(EVENTS_SOURCE), name)) {
      const quoted = spec.includes(`"${field}"`) || inlineCode(spec).includes(field);
      expect(quoted, `${name}.${field} is not in ${EVENTS_SPEC}`).toBe(true);
    }
  });
});
