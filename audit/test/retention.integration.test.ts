import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../../sync-api/test/events-support';
import { openDatabase } from '../src/db/database';
import { AuditRecorder, type RecordedEvent } from '../src/history/recorder';
import { RetentionSweeper } from '../src/history/retention';

const DAY_MS = 86_400_000;
const NOW = new Date('2026-12-04T12:00:00.000Z');
let database: { url: string; drop(): Promise<void> };
let db: pg.Pool;
let nextEventId = 1;

beforeAll(async () => {
  database = await createDatabase(inject('databaseUrl'));
  db = await openDatabase(database.url, 2);
});

afterAll(async () => {
  await db?.end();
  await database?.drop();
});

function event(
  taskId: string,
  daysAgo: number,
  fields: Record<string, unknown> = {},
): RecordedEvent {
  const id = nextEventId++;
  return {
    eventId: id,
    eventType: 'updated',
    taskId,
    userId: 'user-retention',
    source: 'app',
    version: id,
    occurredAt: new Date(NOW.getTime() - daysAgo * DAY_MS),
    taskData: { id: taskId, title: 'Kept or not', deleted: false, version: id, ...fields },
  };
}

async function eventIds(taskId: string): Promise<number[]> {
  const { rows } = await db.query<{ event_id: number }>(
    'select "event_id" from "audit_event" where "task_id" = $1 order by "event_id"',
    [taskId],
  );
  return rows.map((row) => row.event_id);
}

describe('retention', () => {
  it('keeps everything without a retention period', async () => {
    const recorder = new AuditRecorder({ db, now: () => NOW });
    const taskId = randomUUID();

    expect(await recorder.record(event(taskId, 3_650))).toBe('stored');
  });

  it('skips events older than the retention period', async () => {
    const recorder = new AuditRecorder({ db, now: () => NOW, retentionDays: 30 });
    const taskId = randomUUID();

    const old = await recorder.record(event(taskId, 31));
    const recent = await recorder.record(event(taskId, 29));

    expect(old).toBe('expired');
    expect(recent).toBe('stored');
  });

  it('deletes events past the period and deleted tasks’ last state', async () => {
    const recorder = new AuditRecorder({ db, now: () => NOW });
    // The deleted task's last state was saved when its event arrived, 45 days ago.
    const earlierRecorder = new AuditRecorder({
      db,
      now: () => new Date(NOW.getTime() - 45 * DAY_MS),
    });
    const keptTask = randomUUID();
    const deletedTask = randomUUID();
    const oldEvent = event(keptTask, 40);
    const recentEvent = event(keptTask, 5);
    await recorder.record(oldEvent);
    await recorder.record(recentEvent);
    await earlierRecorder.record(event(deletedTask, 45, { deleted: true }));
    const sweeper = new RetentionSweeper({ db, retentionDays: 30, now: () => NOW });

    await sweeper.sweep();
    const snapshots = await db.query<{ task_id: string }>(
      'select "task_id" from "audit_task_snapshot" where "task_id" = any($1::uuid[])',
      [[keptTask, deletedTask]],
    );

    expect(await eventIds(keptTask)).toEqual([recentEvent.eventId]);
    expect(await eventIds(deletedTask)).toEqual([]);
    expect(snapshots.rows.map((row) => row.task_id)).toEqual([keptTask]);
  });
});

describe('recorder order', () => {
  it('stores an event older than the last state without changes', async () => {
    const recorder = new AuditRecorder({ db, now: () => NOW });
    const taskId = randomUUID();
    const first = event(taskId, 1, { title: 'First' });
    const second = event(taskId, 1, { title: 'Second' });

    await recorder.record({ ...first, eventType: 'created' });
    await recorder.record(second);
    // A third event delivered after the second although the outbox wrote it before.
    const late = { ...event(taskId, 1, { title: 'Late' }), version: first.version };
    await recorder.record(late);
    // The late event must not replace the state the next change is compared with.
    const next = event(taskId, 1, { title: 'Next' });
    await recorder.record(next);
    const { rows } = await db.query<{ event_id: number; changes: unknown }>(
      'select "event_id", "changes" from "audit_event" where "task_id" = $1 order by "version", "event_id"',
      [taskId],
    );

    expect(rows.map((row) => row.event_id)).toEqual([
      first.eventId,
      late.eventId,
      second.eventId,
      next.eventId,
    ]);
    expect(rows[0]?.changes).toContainEqual({ field: 'title', old: null, new: 'First' });
    expect(rows[1]?.changes).toBeNull();
    expect(rows[2]?.changes).toEqual([{ field: 'title', old: 'First', new: 'Second' }]);
    expect(rows[3]?.changes).toEqual([{ field: 'title', old: 'Second', new: 'Next' }]);
  });

  it('stores no changes without a creation', async () => {
    const recorder = new AuditRecorder({ db, now: () => NOW });
    const taskId = randomUUID();

    await recorder.record(event(taskId, 1));
    const { rows } = await db.query('select "changes" from "audit_event" where "task_id" = $1', [
      taskId,
    ]);

    expect(rows).toEqual([{ changes: null }]);
  });
});
