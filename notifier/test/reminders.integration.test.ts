import { setTimeout as sleep } from 'node:timers/promises';
import { type BusEvent, InProcessEventBus, type ReminderEvent } from '@fehrist/domain';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { NotifierOptions, RunningNotifier } from '../src/notifier';
import {
  captureLogs,
  createTask,
  ForwardingSubscriber,
  type PushService,
  recordEvents,
  registerSubscription,
  startPushService,
  startSyncApi,
  startTestNotifier,
  TestClock,
  type TestSubscription,
  type TestSyncApi,
  type TestUser,
  testPool,
  testVapid,
  updateTask,
  waitFor,
} from './support';

const databaseUrl = inject('databaseUrl');
const vapid = testVapid();
const HOUR_MS = 60 * 60_000;
let bus: InProcessEventBus;
let forwarding: ForwardingSubscriber;
let reminderEvents: BusEvent[];
let api: TestSyncApi;
let push: PushService;
let db: pg.Pool;
const running: RunningNotifier[] = [];

beforeAll(async () => {
  bus = new InProcessEventBus();
  forwarding = new ForwardingSubscriber(bus);
  reminderEvents = await recordEvents(bus, 'reminders');
  push = await startPushService();
  db = testPool(databaseUrl);
  api = await startSyncApi(databaseUrl, { eventBus: bus, vapid });
});

beforeEach(async () => {
  // Jobs left by earlier tests must not fire into this one once a test moves its clock.
  await db
    .query(`delete from reminder_job where status in ('pending', 'running')`)
    .catch(() => undefined);
});

afterEach(async () => {
  for (const notifier of running.splice(0)) await notifier.close();
});

afterAll(async () => {
  await api?.close();
  await push?.close();
  await db?.end();
});

async function start(options: Partial<NotifierOptions> = {}): Promise<RunningNotifier> {
  const notifier = await startTestNotifier(databaseUrl, vapid, {
    subscriber: forwarding,
    ...options,
  });
  running.push(notifier);
  return notifier;
}

async function stop(notifier: RunningNotifier): Promise<void> {
  running.splice(running.indexOf(notifier), 1);
  await notifier.close();
}

async function subscribedUser(): Promise<{ user: TestUser; subscription: TestSubscription }> {
  const user = await api.signUp();
  const subscription = await push.subscribe(vapid.publicKey);
  await registerSubscription(user, subscription);
  return { user, subscription };
}

async function jobs(taskId: string): Promise<{ remind_at: string; status: string }[]> {
  const { rows } = await db.query<{ remind_at: Date; status: string }>(
    `select remind_at, status from reminder_job where task_id = $1 order by remind_at`,
    [taskId],
  );
  return rows.map((row) => ({ remind_at: row.remind_at.toISOString(), status: row.status }));
}

async function delivery(taskId: string) {
  const { rows } = await db.query(`select * from reminder_delivery where task_id = $1`, [taskId]);
  return rows;
}

function waitForJobs(taskId: string, expected: { remind_at: string; status: string }[]) {
  return waitFor(`jobs ${JSON.stringify(expected)}`, async () => {
    const found = await jobs(taskId);
    return JSON.stringify(found) === JSON.stringify(expected) ? found : undefined;
  });
}

function waitForMessages(subscription: TestSubscription, count = 1) {
  return waitFor(`${count} push message(s)`, async () => {
    const received = await push.messages(subscription);
    return received.length >= count ? received : undefined;
  });
}

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

describe('reminder through the in-process bus', () => {
  it('arrives decrypted at the push service', async () => {
    await start();
    const { user, subscription } = await subscribedUser();
    const remindAt = inSeconds(1.5);

    const task = await createTask(user, {
      title: 'Buy milk',
      due_date: '2026-12-24',
      due_time: '18:00',
      time_zone: 'Asia/Karachi',
      reminders: [{ at: remindAt }],
    });
    const messages = await waitForMessages(subscription);

    expect(messages).toEqual([
      {
        type: 'reminder',
        task_id: task.id,
        title: 'Buy milk',
        body: 'Due Thu, Dec 24, 6:00 PM',
        due_at: '2026-12-24T13:00:00.000Z',
        remind_at: remindAt,
        late: false,
        actions: [
          { action: 'complete', title: 'Mark done' },
          { action: 'snooze', title: 'Snooze 10 minutes' },
        ],
        url: `/tasks/${task.id}`,
        tag: `reminder-${task.id}-${Date.parse(remindAt) / 1000}`,
      },
    ]);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(remindAt));
    const [row] = await delivery(task.id);
    expect(row.status).toBe('sent');
    expect(row.late).toBe(false);
    expect(row.sent).toBe(1);
  });

  it('sends one push per reminder of a task', async () => {
    await start();
    const { user, subscription } = await subscribedUser();
    const first = inSeconds(1);
    const second = inSeconds(2);

    await createTask(user, { title: 'Two reminders', reminders: [{ at: second }, { at: first }] });
    const messages = await waitForMessages(subscription, 2);
    await sleep(300);

    expect((await push.messages(subscription)).map((message) => message.remind_at)).toEqual([
      first,
      second,
    ]);
    expect(messages[0]?.body).toBe('Reminder');
  });
});

describe('notification language', () => {
  it("writes each device's reminder in the language its app shows", async () => {
    await start();
    const user = await api.signUp();
    const urduPhone = await push.subscribe(vapid.publicKey);
    const englishLaptop = await push.subscribe(vapid.publicKey);
    await registerSubscription(user, urduPhone, 'ur');
    await registerSubscription(user, englishLaptop, 'en-GB');

    await createTask(user, {
      title: 'دوا لینا',
      due_date: '2026-12-24',
      due_time: '18:00',
      time_zone: 'Asia/Karachi',
      reminders: [{ at: inSeconds(1) }],
    });
    const [urdu] = await waitForMessages(urduPhone);
    const [english] = await waitForMessages(englishLaptop);

    expect(urdu).toMatchObject({
      title: 'دوا لینا',
      actions: [
        { action: 'complete', title: 'مکمل کریں' },
        { action: 'snooze', title: '10 منٹ بعد یاد دلائیں' },
      ],
    });
    expect(urdu?.body).toMatch(/^مقررہ وقت: /);
    expect(english).toMatchObject({
      body: 'Due Thu, Dec 24, 6:00 PM',
      actions: [
        { action: 'complete', title: 'Mark done' },
        { action: 'snooze', title: 'Snooze 10 minutes' },
      ],
    });
  });
});

describe('completed or deleted before firing (N2)', () => {
  it('sends nothing for a task completed before its reminder', async () => {
    await start();
    const { user, subscription } = await subscribedUser();
    const remindAt = inSeconds(1.5);
    const task = await createTask(user, { title: 'Done early', reminders: [{ at: remindAt }] });
    await waitForJobs(task.id, [{ remind_at: remindAt, status: 'pending' }]);

    const completed = await user.api('PATCH', `/api/${user.id}/tasks/${task.id}/complete`, {
      completed: true,
    });
    await waitForJobs(task.id, []);
    await sleep(Date.parse(remindAt) - Date.now() + 500);

    expect(completed.status).toBe(200);
    expect(await push.messages(subscription)).toEqual([]);
    expect(await delivery(task.id)).toEqual([]);
  });

  it('sends nothing for a task deleted before its reminder', async () => {
    await start();
    const { user, subscription } = await subscribedUser();
    const remindAt = inSeconds(1.5);
    const task = await createTask(user, { title: 'Deleted early', reminders: [{ at: remindAt }] });
    await waitForJobs(task.id, [{ remind_at: remindAt, status: 'pending' }]);

    const deleted = await user.api('DELETE', `/api/${user.id}/tasks/${task.id}`);
    await waitForJobs(task.id, []);
    await sleep(Date.parse(remindAt) - Date.now() + 500);

    expect(deleted.status).toBe(204);
    expect(await push.messages(subscription)).toEqual([]);
  });

  it('re-reads the task and skips it when the event has not arrived', async () => {
    await start();
    const { user, subscription } = await subscribedUser();
    const remindAt = inSeconds(1.5);
    const task = await createTask(user, {
      title: 'Completed elsewhere',
      reminders: [{ at: remindAt }],
    });
    await waitForJobs(task.id, [{ remind_at: remindAt, status: 'pending' }]);

    // As if the completion were written but its event still sat in the outbox.
    await db.query(`update task set completed = true, completed_at = now() where id = $1`, [
      task.id,
    ]);
    await waitForJobs(task.id, [{ remind_at: remindAt, status: 'skipped' }]);

    expect(await push.messages(subscription)).toEqual([]);
    expect(await delivery(task.id)).toEqual([]);
  });
});

describe('due time changed (N5)', () => {
  // 10:00 and 10:30 in Asia/Karachi (UTC+5) on 10 March 2027, each less 15 minutes.
  const firstInstant = '2027-03-10T04:45:00.000Z';
  const movedInstant = '2027-03-10T05:15:00.000Z';

  it('cancels the old job and reminds once at the new time', async () => {
    const clock = new TestClock();
    await start({ clock: clock.now });
    const { user, subscription } = await subscribedUser();
    const task = await createTask(user, {
      title: 'Dentist',
      due_date: '2027-03-10',
      due_time: '10:00',
      time_zone: 'Asia/Karachi',
      reminders: [{ minutes_before: 15 }],
    });
    await waitForJobs(task.id, [{ remind_at: firstInstant, status: 'pending' }]);

    await updateTask(user, task.id, { due_time: '10:30' });
    await waitForJobs(task.id, [{ remind_at: movedInstant, status: 'pending' }]);
    clock.set(Date.parse(firstInstant) + 1_000);
    await sleep(500);
    const atOldTime = await push.messages(subscription);
    clock.set(Date.parse(movedInstant) - 200);
    const messages = await waitForMessages(subscription);
    await sleep(500);

    expect(atOldTime).toEqual([]);
    expect(messages).toHaveLength(1);
    expect(await push.messages(subscription)).toHaveLength(1);
    expect(messages[0]?.remind_at).toBe(movedInstant);
    expect(messages[0]?.body).toBe('Due Wed, Mar 10, 10:30 AM');
  });

  it('ignores an older event that arrives after a newer one', async () => {
    await start();
    const { user } = await subscribedUser();
    const first = inSeconds(3_600);
    const second = inSeconds(7_200);
    const task = await createTask(user, { title: 'Reordered', reminders: [{ at: first }] });
    await updateTask(user, task.id, { reminders: [{ at: second }] });
    await waitForJobs(task.id, [{ remind_at: second, status: 'pending' }]);

    const older = reminderEvents.find(
      (event) =>
        (event.data as ReminderEvent).task_id === task.id &&
        (event.data as ReminderEvent).version === 1,
    );
    await bus.publish([older as BusEvent]);
    await sleep(200);

    expect(older).toBeDefined();
    expect(await jobs(task.id)).toEqual([{ remind_at: second, status: 'pending' }]);
  });
});

describe('redelivered event (N6)', () => {
  it('sends one notification when events arrive again after a restart', async () => {
    const first = await start();
    const { user, subscription } = await subscribedUser();
    const remindAt = inSeconds(2);
    const task = await createTask(user, { title: 'Once only', reminders: [{ at: remindAt }] });
    await waitForJobs(task.id, [{ remind_at: remindAt, status: 'pending' }]);
    const events = reminderEvents.filter(
      (event) => (event.data as ReminderEvent).task_id === task.id,
    );

    await bus.publish(events);
    await stop(first);
    await start();
    await bus.publish(events);
    await waitForMessages(subscription);
    await bus.publish(events);
    await sleep(500);

    expect(events).toHaveLength(1);
    expect(await push.messages(subscription)).toHaveLength(1);
    expect(await jobs(task.id)).toEqual([{ remind_at: remindAt, status: 'done' }]);
  });
});

describe('notifier down at fire time (N7)', () => {
  it('sends a missed reminder once when it is back, marked late', async () => {
    const first = await start();
    const { user, subscription } = await subscribedUser();
    const remindAt = inSeconds(3_600);
    const task = await createTask(user, {
      title: 'Missed while down',
      reminders: [{ at: remindAt }],
    });
    await waitForJobs(task.id, [{ remind_at: remindAt, status: 'pending' }]);

    await stop(first);
    const clock = new TestClock();
    clock.set(Date.parse(remindAt) + 5 * 60_000);
    await start({ clock: clock.now });
    const messages = await waitForMessages(subscription);
    await sleep(500);

    expect(messages).toHaveLength(1);
    expect(await push.messages(subscription)).toHaveLength(1);
    expect(messages[0]?.late).toBe(true);
    const [row] = await delivery(task.id);
    expect(row.late).toBe(true);
    expect(row.status).toBe('sent');
  });

  it('still sends once after a restart between scheduling and firing', async () => {
    const first = await start();
    const { user, subscription } = await subscribedUser();
    const remindAt = inSeconds(3_600);
    const task = await createTask(user, {
      title: 'Across a restart',
      reminders: [{ at: remindAt }],
    });
    await waitForJobs(task.id, [{ remind_at: remindAt, status: 'pending' }]);

    await stop(first);
    const clock = new TestClock();
    clock.set(Date.parse(remindAt) - 1_000);
    await start({ clock: clock.now });
    const messages = await waitForMessages(subscription);
    await sleep(500);

    expect(await push.messages(subscription)).toHaveLength(1);
    expect(messages[0]?.late).toBe(false);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(Date.parse(remindAt));
  });

  it('fires a job whose replica died mid-firing', async () => {
    const first = await start();
    const { user, subscription } = await subscribedUser();
    const remindAt = inSeconds(3_600);
    const task = await createTask(user, { title: 'Orphaned job', reminders: [{ at: remindAt }] });
    await waitForJobs(task.id, [{ remind_at: remindAt, status: 'pending' }]);
    await stop(first);

    await db.query(
      `update reminder_job set status = 'running', locked_by = 'replica-that-died',
              locked_until = $2 where task_id = $1`,
      [task.id, new Date(Date.parse(remindAt) - 60_000)],
    );
    const clock = new TestClock();
    clock.set(Date.parse(remindAt) + 1_000);
    await start({ clock: clock.now });
    const messages = await waitForMessages(subscription);

    const finished = await waitForJobs(task.id, [{ remind_at: remindAt, status: 'done' }]);

    expect(messages).toHaveLength(1);
    expect(messages[0]?.late).toBe(false);
    expect(finished).toHaveLength(1);
  });

  it('skips a reminder past the late limit', async () => {
    const first = await start();
    const { user, subscription } = await subscribedUser();
    const remindAt = inSeconds(3_600);
    const task = await createTask(user, { title: 'Long gone', reminders: [{ at: remindAt }] });
    await waitForJobs(task.id, [{ remind_at: remindAt, status: 'pending' }]);
    await stop(first);

    const logs = captureLogs();
    const clock = new TestClock();
    clock.set(Date.parse(remindAt) + 25 * HOUR_MS);
    await start({ clock: clock.now });
    await waitForJobs(task.id, [{ remind_at: remindAt, status: 'skipped' }]);
    logs.stop();

    expect(await push.messages(subscription)).toEqual([]);
    const [row] = await delivery(task.id);
    expect(row.status).toBe('expired');
    const line = logs.records.find((record) =>
      record.message.includes('missed by more than the late limit'),
    );
    expect(line?.level).toBe('warn');
    expect(line?.fields.taskId).toBe(task.id);
  });
});
