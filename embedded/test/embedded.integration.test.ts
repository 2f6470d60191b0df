import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTask,
  type PushService,
  registerSubscription,
  signUp,
  startPushService,
  waitFor,
} from '../../notifier/test/support';
import { scrape } from '../../sync-api/test/metrics-support';
import { type RunningEmbedded, startEmbedded } from '../src/start';

// No DATABASE_URL and no keys: the embedded start runs PGlite in dataDir and generates the
// VAPID keys there, as `npm start` does on a fresh clone.
let dataDir: string;
let app: RunningEmbedded | undefined;
let push: PushService;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fehrist-embedded-notifier-'));
  push = await startPushService();
  app = await startEmbedded({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    env: { PUSH_ALLOW_INSECURE_ENDPOINTS: 'true' },
  });
});

afterAll(async () => {
  await app?.close();
  await push?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('embedded start', () => {
  it('delivers a reminder set through the API to the push service once', async () => {
    const url = app?.url as string;
    const { key } = (await (await fetch(`${url}/api/push/vapid-public-key`)).json()) as {
      key: string;
    };
    const user = await signUp(url);
    const subscription = await push.subscribe(key);
    await registerSubscription(user, subscription);
    const remindAt = new Date(Date.now() + 1_500).toISOString();

    const task = await createTask(user, {
      title: 'Call the plumber',
      reminders: [{ at: remindAt }],
    });
    const messages = await waitFor('the reminder push', async () => {
      const received = await push.messages(subscription);
      return received.length > 0 ? received : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(messages[0]?.task_id).toBe(task.id);
    expect(await push.messages(subscription)).toHaveLength(1);
  });

  it('serves every service and the process once on /metrics', async () => {
    const { text, samples } = await scrape(app?.url as string);

    // A labelled metric has no samples before its first use, but its TYPE line is there.
    for (const prefix of ['fehrist_sync_api_', 'fehrist_notifier_', 'fehrist_agent_']) {
      expect(text, prefix).toContain(`# TYPE ${prefix}`);
    }
    const cpu = samples.filter((sample) => sample.name === 'process_cpu_user_seconds_total');
    expect(cpu).toHaveLength(1);
  });

  it('keeps the generated VAPID keys readable by the owner only', async () => {
    const file = await stat(join(dataDir, 'vapid.json'));

    expect(file.mode & 0o777).toBe(0o600);
  });
});
