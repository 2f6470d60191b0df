import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Task } from '@fehrist/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server';
import { createTask, listAll, send } from './api-support';
import { signUp, type TestUser } from './support';

// No databaseUrl and an empty environment: the server starts PGlite in dataDir and, with no
// BETTER_AUTH_SECRET, generates one there.
let dataDir: string;
let server: RunningServer | undefined;
let user: TestUser;

function startEmbedded(): Promise<RunningServer> {
  return startServer({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    env: {},
    signUpRateLimit: { max: 10_000, windowSeconds: 60 },
    signInRateLimit: { max: 10_000, windowSeconds: 60 },
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fehrist-embedded-'));
  server = await startEmbedded();
  user = await signUp(server.url);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const secretFile = () => join(dataDir, 'better-auth-secret');

describe('embedded PGlite database', () => {
  it('generates the secret file with mode 0600', async () => {
    const info = await stat(secretFile());
    expect(info.mode & 0o777).toBe(0o600);
    expect((await readFile(secretFile(), 'utf8')).trim().length).toBeGreaterThanOrEqual(32);
  });

  it('creates, lists, completes and deletes', async () => {
    const keptTask = await createTask(user, { title: 'Keep me', tags: ['home'] });
    const removedTask = await createTask(user, { title: 'Remove me' });

    const done = await user.api<Task>('PATCH', `/api/${user.id}/tasks/${keptTask.id}/complete`);
    expect(done.status).toBe(200);
    expect(done.body.completed).toBe(true);

    const deleted = await user.api('DELETE', `/api/${user.id}/tasks/${removedTask.id}`);
    expect(deleted.status).toBe(204);

    const tasks = await listAll(user, 'tag=HOME');
    expect(tasks.map((task) => task.title)).toEqual(['Keep me']);
    expect((await listAll(user)).map((task) => task.id)).not.toContain(removedTask.id);
  });

  it('pushes and pulls', async () => {
    const clientGroupID = randomUUID();
    const id = randomUUID();
    const push = await user.api('POST', `/api/${user.id}/sync/push`, {
      clientGroupID,
      mutations: [
        { clientID: 'embedded-client', id: 1, name: 'createTask', args: { id, title: 'Synced' } },
      ].map((mutation) => ({ ...mutation, timestamp: 1 })),
    });
    expect(push.status).toBe(200);
    expect(push.body.rejected).toEqual([]);

    const pull = await user.api('POST', `/api/${user.id}/sync/pull`, {
      clientGroupID,
      cookie: null,
    });
    expect(pull.status).toBe(200);
    expect(pull.body.lastMutationIDChanges).toEqual({ 'embedded-client': 1 });
    const put = pull.body.patch.find((operation: { key: string }) => operation.key === id);
    expect(put?.op).toBe('put');
    expect(put?.value.title).toBe('Synced');
  });

  it('keeps data and secret across a restart', async () => {
    const before = await listAll(user);
    const secret = await readFile(secretFile(), 'utf8');
    await server?.close();
    server = undefined;

    server = await startEmbedded();
    expect(await readFile(secretFile(), 'utf8')).toBe(secret);

    // The session cookie outlives the restart because the secret and the session row do.
    const response = await send(server.url, 'GET', `/api/${user.id}/tasks?limit=500`, {
      headers: { cookie: user.cookie },
    });
    expect(response.status).toBe(200);
    expect(response.body.tasks).toEqual(before);
  }, 60_000);
});
