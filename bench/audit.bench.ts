// Audit recording throughput against a plain append of the same rows, and history reads on a
// large table, all against one throwaway PostgreSQL cluster in the same run.
// Run with `npm run bench -- audit`.
import { randomUUID } from 'node:crypto';
import { formatNumber as format, median, timed } from './figures';

const TASKS = 200;
const EVENTS_PER_TASK = 50;
const ROUNDS = 5;
const WARM_UP_EVENTS = 1_000;
const REDELIVERED_EVENTS = 2_000;
// Rows added in bulk before the reads, so the queries run on a table of a realistic size.
const FILLER_EVENTS = 200_000;
const READ_RUNS = 25;
const TIME_LIMIT_MS = 10 * 60_000;

process.env.LOG_LEVEL ??= 'warn';
const { startPostgres } = await import('../scripts/services/postgres.mjs');
const { openDatabase } = await import('../audit/src/db/database');
const { AuditRecorder } = await import('../audit/src/history/recorder');
const { listActivity, listTaskHistory } = await import('../audit/src/history/query');
type RecordedEvent = import('../audit/src/history/recorder').RecordedEvent;
type Pool = Awaited<ReturnType<typeof openDatabase>>;

const USER_ID = 'bench-user-0000000000000000000000';
const PRIORITIES = ['none', 'low', 'medium', 'high'] as const;
const SOURCES = ['app', 'rest', 'chat'] as const;

/**
 * Builds the events of `tasks` tasks, interleaved as a busy user's edits would arrive: each
 * task is created, then edited (title, priority, tags, due date), completed now and then, in
 * versions that grow across the whole user.
 */
function taskEvents(tasks: number, perTask: number, firstEventId: number): RecordedEvent[] {
  const ids = Array.from({ length: tasks }, () => randomUUID());
  const events: RecordedEvent[] = [];
  let eventId = firstEventId;
  for (let step = 0; step < perTask; step++) {
    for (const [index, taskId] of ids.entries()) {
      const completed = step > 0 && step % 10 === 0;
      let eventType: RecordedEvent['eventType'] = completed ? 'completed' : 'updated';
      if (step === 0) eventType = 'created';
      const at = new Date(Date.UTC(2026, 11, 1) + eventId * 1_000);
      events.push({
        eventId,
        eventType,
        taskId,
        userId: USER_ID,
        source: SOURCES[step % SOURCES.length],
        version: eventId,
        occurredAt: at,
        taskData: {
          id: taskId,
          title: `Task ${index}: buy groceries for the week (${step % 4})`,
          description: 'Milk, eggs, bread and tea',
          completed,
          completed_at: completed ? at.toISOString() : null,
          priority: PRIORITIES[step % PRIORITIES.length],
          tags: step % 2 === 0 ? ['home', 'errand'] : ['home'],
          due_date: `2026-12-${String(1 + (step % 28)).padStart(2, '0')}`,
          due_time: '18:00',
          time_zone: 'Asia/Karachi',
          recurrence: null,
          reminders: [{ minutes_before: 15 }],
          deleted: false,
        },
      });
      eventId++;
    }
  }
  return events;
}

/** Appends each event's row on its own, with no lock, snapshot or diff: the baseline. */
async function appendPlain(db: Pool, events: RecordedEvent[]): Promise<void> {
  for (const event of events) {
    await db.query(
      `insert into "bench_plain_event"
         ("event_id", "user_id", "task_id", "event_type", "source", "version", "title",
          "changes", "occurred_at")
       values ($1, $2, $3, $4, $5, $6, $7, null, $8)
       on conflict ("event_id") do nothing`,
      [
        event.eventId,
        event.userId,
        event.taskId,
        event.eventType,
        event.source,
        event.version,
        event.taskData.title,
        event.occurredAt,
      ],
    );
  }
}

async function recordAll(
  recorder: InstanceType<typeof AuditRecorder>,
  events: RecordedEvent[],
  expected: 'stored' | 'duplicate',
): Promise<void> {
  for (const event of events) {
    const outcome = await recorder.record(event);
    if (outcome !== expected) {
      throw new Error(`event ${event.eventId} was ${outcome}, expected ${expected}`);
    }
  }
}

/** Adds filler rows of another user in one statement, so reads run on a large table. */
async function addFiller(db: Pool, count: number, firstEventId: number): Promise<void> {
  await db.query(
    `insert into "audit_event"
       ("event_id", "user_id", "task_id", "event_type", "source", "version", "title", "changes",
        "occurred_at")
     select $1::bigint + n, 'filler-user-' || (n % 50), gen_random_uuid(), 'updated', 'app',
            $1::bigint + n, 'Filler task ' || n,
            '[{"field":"priority","old":"low","new":"high"}]'::jsonb,
            timestamptz '2026-11-01' + n * interval '1 second'
       from generate_series(0, $2::int - 1) as n`,
    [firstEventId, count],
  );
  await db.query('analyze "audit_event"');
}

async function main(): Promise<void> {
  const postgres = await startPostgres();
  let db: Pool | undefined;
  try {
    db = await openDatabase(postgres.url, 2);
    await db.query(
      'create table "bench_plain_event" (like "audit_event" including defaults including indexes)',
    );
    const recorder = new AuditRecorder({ db });

    const warmUp = taskEvents(WARM_UP_EVENTS / 10, 10, 1);
    await recordAll(recorder, warmUp, 'stored');
    await appendPlain(db, warmUp);

    const perRound = (TASKS / ROUNDS) * EVENTS_PER_TASK;
    let recordMs = 0;
    let plainMs = 0;
    const roundRatios: number[] = [];
    let nextEventId = 1_000_000;
    let busiestTask = '';
    for (let round = 0; round < ROUNDS; round++) {
      const events = taskEvents(TASKS / ROUNDS, EVENTS_PER_TASK, nextEventId);
      nextEventId += events.length;
      busiestTask = events[0]?.taskId ?? busiestTask;
      const roundRecordMs = await timed(() => recordAll(recorder, events, 'stored'));
      const roundPlainMs = await timed(() => appendPlain(db as Pool, events));
      recordMs += roundRecordMs;
      plainMs += roundPlainMs;
      // Both sides handle the same events, so plain time over recorder time is the ratio of the rates.
      roundRatios.push(roundPlainMs / roundRecordMs);
      if (round === 0) {
        const again = events.slice(0, REDELIVERED_EVENTS);
        const redeliveredMs = await timed(() => recordAll(recorder, again, 'duplicate'));
        console.log(
          `redelivered events: ${format(again.length / (redeliveredMs / 1000))}/s (${again.length} duplicates, nothing stored)`,
        );
      }
      if (perRound !== events.length) throw new Error('round size changed');
    }

    await addFiller(db, FILLER_EVENTS, 10_000_000);
    const historyMs: number[] = [];
    const activityMs: number[] = [];
    for (let run = 0; run < READ_RUNS; run++) {
      historyMs.push(
        await timed(async () => {
          const page = await listTaskHistory(db as Pool, USER_ID, busiestTask, { limit: 50 });
          if (page.events.length !== EVENTS_PER_TASK) throw new Error('history page was short');
        }),
      );
      activityMs.push(
        await timed(async () => {
          const page = await listActivity(
            db as Pool,
            USER_ID,
            { types: ['completed'], sources: [], from: new Date(Date.UTC(2026, 11, 1)) },
            { limit: 50 },
          );
          if (page.events.length !== 50) throw new Error('activity page was short');
        }),
      );
    }

    const total = TASKS * EVENTS_PER_TASK;
    const recordRate = total / (recordMs / 1000);
    const plainRate = total / (plainMs / 1000);
    const { rows } = await db.query<{ count: number }>(
      'select count(*)::int as count from "audit_event"',
    );
    console.log(
      `audit recorder: ${format(recordRate)} events/s (${total} events of ${TASKS} tasks in ${format(recordMs)} ms, one at a time)`,
    );
    console.log(
      `plain append (baseline): ${format(plainRate)} events/s (the same rows, one insert each, in ${format(plainMs)} ms)`,
    );
    console.log(
      `ratio (recorder over plain append): ${format(recordRate / plainRate, 2)}; per round: ${roundRatios.map((ratio) => format(ratio, 2)).join(', ')}`,
    );
    console.log(
      `task history page of 50, median: ${format(median(historyMs), 2)} ms over ${READ_RUNS} runs on ${format(rows[0]?.count ?? 0)} rows`,
    );
    console.log(
      `activity page of 50 (completed, from a date), median: ${format(median(activityMs), 2)} ms`,
    );
  } finally {
    await db?.end();
    await postgres.stop();
  }
}

const deadline = setTimeout(() => {
  console.error(`audit bench did not finish within ${TIME_LIMIT_MS / 60_000} minutes`);
  process.exit(1);
}, TIME_LIMIT_MS);
deadline.unref();
await main();
