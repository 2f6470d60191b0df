import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmbedded, startEmbedded } from '../../embedded/src/start';
import { request, signUp } from '../../sync-api/test/support';
import { waitForHistory } from './support';

// No DATABASE_URL: the embedded start runs PGlite in dataDir, as `npm start` does.
let dataDir: string;
let app: RunningEmbedded | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fehrist-embedded-audit-'));
  app = await startEmbedded({ dataDir, port: 0, host: '127.0.0.1', env: {} });
});

afterAll(async () => {
  await app?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('history API in the embedded start', () => {
  it('serves a task’s history on the sync API’s port', async () => {
    const url = app?.url as string;
    const user = await signUp(url);
    const created = await user.api('POST', `/api/${user.id}/tasks`, { title: 'Fix the tap' });
    await user.api('PATCH', `/api/${user.id}/tasks/${created.body.id}/complete`, {});

    const history = await waitForHistory(url, user, created.body.id, 2);
    const activity = await user.api('GET', `/api/${user.id}/activity?type=completed`);

    expect(history.map((entry) => [entry.type, entry.source])).toEqual([
      ['created', 'rest'],
      ['completed', 'rest'],
    ]);
    expect(activity.status).toBe(200);
    expect(activity.body.events).toHaveLength(1);
  });

  it('answers 401 to the session cookie alone', async () => {
    const url = app?.url as string;
    const user = await signUp(url);

    const response = await request(url, 'GET', `/api/${user.id}/activity`, {
      cookie: user.cookie,
    });

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
