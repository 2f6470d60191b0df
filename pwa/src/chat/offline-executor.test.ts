import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewTask } from '../app/actions';
import { createTaskActions } from '../app/actions';
import { type FehristDatabase, openUserDatabase } from '../store/db';
import type { SyncClient } from '../sync/client';
import { executeCommand } from './offline-executor';
import { answerChoice, answerOffline } from './offline-turn';

const zone = 'Asia/Karachi';
// 10:30 on Wednesday 11 March 2026 in Karachi (UTC+5).
const now = new Date('2026-03-11T05:30:00Z');
const opened: FehristDatabase[] = [];

/** Opens a database on fake-indexeddb with the app's actions, which count pushes and send none. */
async function setUp() {
  const db = await openUserDatabase('user-1', `chat-offline-${crypto.randomUUID()}`);
  opened.push(db);
  const pushes = { count: 0 };
  const client = {
    schedulePush: () => {
      pushes.count += 1;
    },
  } as unknown as SyncClient;
  const actions = createTaskActions(db, client, zone);
  const context = { db, actions, now, timeZone: zone };
  const add = (task: NewTask) => actions.create(task);
  const queued = async () => (await db.mutations.toArray()).map((mutation) => mutation.name);
  return { db, actions, context, add, queued, pushes };
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('offline command executor', () => {
  it('adds a task as a queued createTask', async () => {
    const { db, context, queued, pushes } = await setUp();

    const answer = await answerOffline('add buy milk tomorrow at 9am p1', context);

    expect(await queued()).toEqual(['createTask']);
    expect(pushes.count).toBe(1);
    const [task] = await db.tasks.toArray();
    expect(task?.title).toBe('buy milk');
    expect(task?.due_date).toBe('2026-03-12');
    expect(task?.due_time).toBe('09:00');
    expect(task?.time_zone).toBe(zone);
    expect(task?.priority).toBe('high');
    expect(answer.outcome?.kind).toBe('added');
    expect(answer.reply).toContain('buy milk');
  });

  it('adds the Urdu reminder command with its reminder and answers in Urdu', async () => {
    const { db, context } = await setUp();

    const answer = await answerOffline('کل صبح نو بجے دودھ خریدنا یاد دلانا', context);

    const [task] = await db.tasks.toArray();
    expect(task?.title).toBe('دودھ خریدنا');
    expect(task?.due_date).toBe('2026-03-12');
    expect(task?.due_time).toBe('09:00');
    expect(task?.reminders).toEqual([{ minutes_before: 0 }]);
    expect(answer.command.language).toBe('ur');
    expect(answer.reply).toMatch(/[\u0600-\u06FF]/);
    expect(answer.reply).toContain('دودھ خریدنا');
  });

  it('completes the one task whose title matches', async () => {
    const { db, context, add, queued } = await setUp();
    const milk = await add({ title: 'Buy milk' });
    const bank = await add({ title: 'Call the bank' });

    const answer = await answerOffline('complete buy milk', context);

    expect(answer.outcome?.kind).toBe('completed');
    expect(await queued()).toEqual(['createTask', 'createTask', 'completeTask']);
    expect((await db.tasks.get(milk))?.completed).toBe(true);
    expect((await db.tasks.get(bank))?.completed).toBe(false);
  });

  it('completes a recurring task with its occurrence date', async () => {
    const { db, context, add } = await setUp();
    const id = await add({
      title: 'Water the plants',
      due_date: '2026-03-11',
      recurrence: { rrule: 'FREQ=DAILY', from: 'due' },
    });

    await answerOffline('done water the plants', context);

    const mutation = (await db.mutations.toArray()).at(-1);
    expect(mutation?.name).toBe('completeTask');
    expect(mutation?.args).toMatchObject({ id, completed: true, occurrence_date: '2026-03-11' });
    // The series moves on and stays open; the mutator counts from the real clock.
    const task = await db.tasks.get(id);
    expect(task?.completed).toBe(false);
    expect(task?.due_date).not.toBe('2026-03-11');
    expect((task?.due_date ?? '') > '2026-03-11').toBe(true);
  });

  it('asks which task when two match a delete, deleting nothing', async () => {
    const { db, context, add, queued } = await setUp();
    const milk = await add({ title: 'Buy milk' });
    const chocolate = await add({ title: 'Buy milk chocolate' });

    const answer = await answerOffline('delete milk', context);

    expect(answer.outcome?.kind).toBe('candidates');
    expect(answer.candidates.map((task) => task.id).sort()).toEqual([milk, chocolate].sort());
    expect(answer.reply).toContain('Which one');
    expect(await queued()).toEqual(['createTask', 'createTask']);
    expect(await db.tasks.filter((task) => task.deleted).count()).toBe(0);

    // Choosing one deletes that task alone.
    const chosen = await answerChoice(answer.command, chocolate, context);
    expect(chosen.outcome?.kind).toBe('deleted');
    expect(await queued()).toEqual(['createTask', 'createTask', 'deleteTask']);
    expect((await db.tasks.get(chocolate))?.deleted).toBe(true);
    expect((await db.tasks.get(milk))?.deleted).toBe(false);
  });

  it('acts on the exact title when it is the only one', async () => {
    const { db, context, add } = await setUp();
    const milk = await add({ title: 'Buy milk' });
    await add({ title: 'Buy milk chocolate' });

    const answer = await answerOffline('delete buy milk', context);

    expect(answer.outcome?.kind).toBe('deleted');
    expect((await db.tasks.get(milk))?.deleted).toBe(true);
  });

  it('moves this morning’s meetings to 2 PM', async () => {
    const { db, context, add } = await setUp();
    const standup = await add({ title: 'Team meeting', due_date: '2026-03-11', due_time: '09:00' });
    const client = await add({
      title: 'Client meeting',
      due_date: '2026-03-11',
      due_time: '10:30',
    });
    const lunch = await add({ title: 'Lunch meeting', due_date: '2026-03-11', due_time: '13:00' });
    const report = await add({ title: 'Write report', due_date: '2026-03-11', due_time: '09:30' });
    const tomorrow = await add({
      title: 'Board meeting',
      due_date: '2026-03-12',
      due_time: '09:00',
    });

    const answer = await answerOffline('Reschedule my morning meetings to 2 PM', context);

    expect(answer.outcome?.kind).toBe('rescheduled');
    expect(answer.reply).toContain('Team meeting');
    expect(answer.reply).toContain('Client meeting');
    const updates = (await db.mutations.toArray()).filter((m) => m.name === 'updateTask');
    expect(updates.map((mutation) => (mutation.args as { id: string }).id).sort()).toEqual(
      [standup, client].sort(),
    );
    for (const id of [standup, client]) {
      expect((await db.tasks.get(id))?.due_time).toBe('14:00');
      expect((await db.tasks.get(id))?.due_date).toBe('2026-03-11');
    }
    expect((await db.tasks.get(lunch))?.due_time).toBe('13:00');
    expect((await db.tasks.get(report))?.due_time).toBe('09:30');
    expect((await db.tasks.get(tomorrow))?.due_time).toBe('09:00');
  });

  it('lists overdue tasks from this device', async () => {
    const { context, add, queued } = await setUp();
    await add({ title: 'Pay rent', due_date: '2026-03-01' });
    await add({ title: 'Call mom', due_date: '2026-03-20' });
    await add({ title: 'Someday' });

    const answer = await answerOffline("what's overdue", context);

    expect(answer.outcome).toMatchObject({ kind: 'listed', tasks: [{ title: 'Pay rent' }] });
    expect(answer.reply).toContain('Pay rent');
    expect(answer.reply).not.toContain('Call mom');
    expect(await queued()).toEqual(['createTask', 'createTask', 'createTask']);
  });

  it('changes nothing for a sentence without a command', async () => {
    const { db, context } = await setUp();

    const answer = await answerOffline('buy milk tomorrow', context);

    expect(answer.command.tool).toBe('unknown');
    expect(answer.outcome).toBeNull();
    expect(await db.mutations.count()).toBe(0);
  });

  it('reports a task it cannot find', async () => {
    const { db, context } = await setUp();

    const answer = await answerOffline('complete water the plants', context);

    expect(answer.outcome).toEqual({ kind: 'not_found' });
    expect(await db.mutations.count()).toBe(0);
  });

  it('sets a reminder before a dated task', async () => {
    const { db, context, add } = await setUp();
    const id = await add({ title: 'Dentist', due_date: '2026-03-13', due_time: '16:00' });

    const outcome = await executeCommand(
      {
        tool: 'set_reminder',
        language: 'en',
        args: { match: { text: 'dentist' }, reminders: [{ minutes_before: 30 }] },
      },
      context,
    );

    expect(outcome.kind).toBe('reminder_set');
    expect((await db.tasks.get(id))?.reminders).toEqual([{ minutes_before: 30 }]);
  });
});
