import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { TOPICS } from '@fehrist/domain';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { NOTIFIER_GROUP, type RunningNotifier } from '../src/notifier';
import {
  createTask,
  type PushService,
  registerSubscription,
  startPushService,
  startSyncApi,
  startTestNotifier,
  type TestSubscription,
  type TestSyncApi,
  testVapid,
  waitFor,
} from './support';

const databaseUrl = inject('databaseUrl');
const brokers = inject('kafkaBrokers');
const vapid = testVapid();
// Topics of their own, so other files on the same broker do not feed this one.
const kafkaEnv = {
  KAFKA_BROKERS: brokers,
  KAFKA_TOPIC_PREFIX: `notifier-${randomUUID().slice(0, 8)}.`,
};
const topics = [TOPICS.reminders, TOPICS.taskEvents].map(
  (topic) => `${kafkaEnv.KAFKA_TOPIC_PREFIX}${topic}`,
);
const kafka = new Kafka({
  clientId: 'notifier-test',
  brokers: [brokers],
  logLevel: logLevel.NOTHING,
});
let api: TestSyncApi;
let push: PushService;
let notifier: RunningNotifier | undefined;

beforeAll(async () => {
  push = await startPushService();
  api = await startSyncApi(databaseUrl, { vapid, env: kafkaEnv });
  notifier = await startTestNotifier(databaseUrl, vapid, { env: kafkaEnv });
});

afterAll(async () => {
  await notifier?.close();
  await api?.close();
  await push?.close();
});

async function messages(subscription: TestSubscription, count: number) {
  return waitFor(
    `${count} push message(s)`,
    async () => {
      const received = await push.messages(subscription);
      return received.length >= count ? received : undefined;
    },
    30_000,
  );
}

/** Waits until the notifier's group has committed every message of its topics. */
async function waitForCaughtUp(): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(
      'the notifier group to commit every offset',
      async () => {
        for (const topic of topics) {
          const ends = await admin.fetchTopicOffsets(topic);
          const [committed] = await admin.fetchOffsets({
            groupId: NOTIFIER_GROUP,
            topics: [topic],
          });
          for (const end of ends) {
            const partition = committed?.partitions.find(
              (entry) => entry.partition === end.partition,
            );
            const done = end.high === '0' || partition?.offset === end.high;
            if (!done) return undefined;
          }
        }
        return true;
      },
      30_000,
    );
  } finally {
    await admin.disconnect();
  }
}

describe('reminder through Kafka', () => {
  it('delivers a task write through Kafka', async () => {
    const user = await api.signUp();
    const subscription = await push.subscribe(vapid.publicKey);
    await registerSubscription(user, subscription);
    const remindAt = new Date(Date.now() + 2_000).toISOString();

    const task = await createTask(user, { title: 'Through Kafka', reminders: [{ at: remindAt }] });
    const received = await messages(subscription, 1);

    expect(received).toHaveLength(1);
    expect(received[0]?.task_id).toBe(task.id);
    expect(received[0]?.remind_at).toBe(remindAt);
    expect(received[0]?.late).toBe(false);
  });

  it('sends once after redelivery from offset zero', async () => {
    const user = await api.signUp();
    const subscription = await push.subscribe(vapid.publicKey);
    await registerSubscription(user, subscription);
    const remindAt = new Date(Date.now() + 2_000).toISOString();
    await createTask(user, { title: 'Redelivered', reminders: [{ at: remindAt }] });
    await messages(subscription, 1);
    await waitForCaughtUp();

    await notifier?.close();
    const admin = kafka.admin();
    await admin.connect();
    for (const topic of topics) {
      await admin.resetOffsets({ groupId: NOTIFIER_GROUP, topic, earliest: true });
    }
    await admin.disconnect();
    notifier = await startTestNotifier(databaseUrl, vapid, { env: kafkaEnv });
    await waitForCaughtUp();
    await sleep(500);

    expect(await push.messages(subscription)).toHaveLength(1);
  });
});
