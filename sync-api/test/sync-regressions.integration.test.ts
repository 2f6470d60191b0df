import { randomUUID } from 'node:crypto';
import type { Task } from '@fehrist/domain';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signUp, startTestServer, type TestServer } from './support';
import { SyncDevice } from './sync-device';
import { listAll, mutation, newTask, push } from './sync-helpers';

// Inputs the domain once accepted but PostgreSQL could not store: the push failed with 500,
// so the client resent it forever and nothing queued behind it ever synced.

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(inject('databaseUrl'));
});

afterAll(async () => {
  await server?.close();
});

describe('push of text PostgreSQL cannot store', () => {
  it.each([
    ['title', { title: 'Buy\u0000milk' }],
    ['description', { title: 'Buy milk', description: 'two\u0000litres' }],
    ['tags', { title: 'Buy milk', tags: ['shop\u0000ping'] }],
    ['title', { title: 'Buy milk \ud800' }],
    ['description', { title: 'Buy milk', description: '\udc00 alone' }],
  ])('rejects a bad %s and applies the rest', async (field, fields) => {
    const user = await signUp(server.url);
    const client = randomUUID();
    const after = newTask('Queued behind it');

    const response = await push(user, randomUUID(), [
      mutation(client, 1, 'createTask', newTask('Bad', fields)),
      mutation(client, 2, 'createTask', after),
    ]);

    expect(response.status).toBe(200);
    expect(response.body.rejected).toHaveLength(1);
    expect(response.body.rejected[0]?.code).toBe('invalid');
    expect(response.body.rejected[0]?.issues.map((issue) => issue.field)).toEqual([field]);
    expect((await listAll(user)).map((task) => task.id)).toEqual([after.id]);
  });

  it('rejects an update to such text', async () => {
    const user = await signUp(server.url);
    const client = randomUUID();
    const task = newTask('Buy milk');

    const response = await push(user, randomUUID(), [
      mutation(client, 1, 'createTask', task),
      mutation(client, 2, 'updateTask', { id: task.id, title: 'Buy\u0000bread' }),
      mutation(client, 3, 'updateTask', { id: task.id, description: 'fresh' }),
    ]);

    expect(response.body.rejected.map((rejected) => rejected.id)).toEqual([2]);
    const stored = (await listAll(user))[0];
    expect(stored?.title).toBe('Buy milk');
    expect(stored?.description).toBe('fresh');
  });

  it('keeps Urdu and emoji text', async () => {
    const user = await signUp(server.url);
    const task = newTask('دودھ خریدنا 🥛', { tags: ['گھر'] });

    const response = await push(user, randomUUID(), [
      mutation(randomUUID(), 1, 'createTask', task),
    ]);

    expect(response.body.rejected).toEqual([]);
    expect((await listAll(user))[0]?.title).toBe('دودھ خریدنا 🥛');
  });

  it('answers REST with 422, not 500', async () => {
    const user = await signUp(server.url);

    const response = await user.api('POST', `/api/${user.id}/tasks`, { title: 'Buy\u0000milk' });

    expect(response.status).toBe(422);
    expect(response.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['title']);
  });
});

describe('push of a due moment outside years 1 to 9999', () => {
  it.each([
    ['9999-12-31', '23:59', 'Etc/GMT+12'],
    ['9999-12-31', '20:00', 'America/Los_Angeles'],
    ['0001-01-01', '00:00', 'Etc/GMT-14'],
    ['0001-01-01', null, 'Asia/Tokyo'],
  ])('rejects %s %s in %s and applies the rest', async (due_date, due_time, time_zone) => {
    const user = await signUp(server.url);
    const client = randomUUID();
    const after = newTask('Queued behind it');

    const response = await push(user, randomUUID(), [
      mutation(client, 1, 'createTask', newTask('Far away', { due_date, due_time, time_zone })),
      mutation(client, 2, 'createTask', after),
    ]);

    expect(response.status).toBe(200);
    expect(response.body.rejected[0]?.code).toBe('invalid');
    expect(response.body.rejected[0]?.issues.map((issue) => issue.field)).toEqual(['due_date']);
    expect((await listAll(user)).map((task) => task.id)).toEqual([after.id]);
  });

  it('rejects moving a due date out of range', async () => {
    const user = await signUp(server.url);
    const client = randomUUID();
    const task = newTask('Close by', { due_date: '2026-05-01', time_zone: 'Etc/GMT-14' });

    const response = await push(user, randomUUID(), [
      mutation(client, 1, 'createTask', task),
      mutation(client, 2, 'updateTask', { id: task.id, due_date: '0001-01-01' }),
    ]);

    expect(response.body.rejected.map((rejected) => rejected.id)).toEqual([2]);
    expect((await listAll(user))[0]?.due_date).toBe('2026-05-01');
  });

  it.each([
    ['9999-12-31', '23:59', 'UTC', '9999-12-31T23:59:00.000Z'],
    ['9999-12-31', '10:00', 'Asia/Karachi', '9999-12-31T05:00:00.000Z'],
    ['0001-01-01', '00:00', 'UTC', '0001-01-01T00:00:00.000Z'],
    ['0001-01-02', null, 'Etc/GMT-14', '0001-01-01T10:00:00.000Z'],
  ])('stores %s %s in %s at the edge', async (due_date, due_time, time_zone, due_at) => {
    const user = await signUp(server.url);
    const device = new SyncDevice(user);
    const task = newTask('At the edge', { due_date, due_time, time_zone });
    device.mutate('createTask', task);
    const local = device.liveTasks().get(task.id);

    const pushed = await device.push();
    await device.pull();

    expect(pushed.body.rejected).toEqual([]);
    expect(local?.due_at).toBe(due_at);
    expect(device.liveTasks().get(task.id)?.due_at).toBe(due_at);
    expect(device.liveTasks().get(task.id)?.due_date).toBe(due_date);
  });

  it('answers REST with 422, not 500', async () => {
    const user = await signUp(server.url);

    const response = await user.api<Task & { errors: { field: string }[] }>(
      'POST',
      `/api/${user.id}/tasks`,
      { title: 'Far away', due_date: '9999-12-31', due_time: '23:59', time_zone: 'Etc/GMT+12' },
    );

    expect(response.status).toBe(422);
    expect(response.body.errors.map((issue) => issue.field)).toEqual(['due_date']);
  });
});
