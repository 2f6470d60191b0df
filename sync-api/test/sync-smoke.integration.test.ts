import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signUp, startTestServer, type TestServer } from './support';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(inject('databaseUrl'));
});

afterAll(async () => {
  await server?.close();
});

describe('sync push and pull', () => {
  it('applies the same push once and pulls deletes', async () => {
    const user = await signUp(server.url);
    const id = randomUUID();
    const push = {
      clientGroupID: randomUUID(),
      mutations: [
        {
          clientID: 'c1',
          id: 1,
          name: 'createTask',
          args: { id, title: 'Buy milk' },
          timestamp: 1,
        },
      ],
    };
    const first = await user.api('POST', `/api/${user.id}/sync/push`, push);
    const second = await user.api('POST', `/api/${user.id}/sync/push`, push);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);

    const list = await user.api('GET', `/api/${user.id}/tasks`);
    expect(list.body.tasks).toHaveLength(1);

    const pulled = await user.api('POST', `/api/${user.id}/sync/pull`, {
      clientGroupID: push.clientGroupID,
      cookie: null,
    });
    expect(pulled.body.lastMutationIDChanges).toEqual({ c1: 1 });
    const cookie = pulled.body.cookie;

    await user.api('DELETE', `/api/${user.id}/tasks/${id}`);
    const after = await user.api('POST', `/api/${user.id}/sync/pull`, {
      clientGroupID: push.clientGroupID,
      cookie,
    });
    expect(after.body.patch).toEqual([{ op: 'del', key: id }]);
  });
});
