import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sampleSum, scrape } from './metrics-support';
import { signUp, startTestServer, type TestServer, type TestUser } from './support';
import { mutation, newTask, pull, push } from './sync-helpers';

let server: TestServer;
let user: TestUser;

beforeAll(async () => {
  server = await startTestServer(inject('databaseUrl'));
  user = await signUp(server.url);
});

afterAll(async () => {
  await server?.close();
});

describe('GET /metrics', () => {
  it('counts pushes, their mutations and rejections', async () => {
    const clientID = randomUUID();
    const before = (await scrape(server.url)).samples;

    const response = await push(user, randomUUID(), [
      mutation(clientID, 1, 'createTask', newTask('Buy milk')),
      mutation(clientID, 2, 'createTask', { id: randomUUID(), title: '' }),
    ]);
    expect(response.status).toBe(200);
    const after = (await scrape(server.url)).samples;

    const delta = (name: string, labels: Record<string, string> = {}) =>
      sampleSum(after, name, labels) - sampleSum(before, name, labels);
    expect(delta('fehrist_sync_api_sync_pushes_total')).toBe(1);
    expect(delta('fehrist_sync_api_sync_push_mutations_sum')).toBe(2);
    expect(delta('fehrist_sync_api_sync_rejected_mutations_total', { code: 'invalid' })).toBe(1);
  });

  it('counts pulls', async () => {
    const before = sampleSum(
      (await scrape(server.url)).samples,
      'fehrist_sync_api_sync_pulls_total',
    );

    expect((await pull(user, randomUUID(), null)).status).toBe(200);

    const after = sampleSum(
      (await scrape(server.url)).samples,
      'fehrist_sync_api_sync_pulls_total',
    );
    expect(after - before).toBe(1);
  });

  it('labels requests by route pattern, not path', async () => {
    await user.api('GET', `/api/${user.id}/tasks`);
    const { text, samples } = await scrape(server.url);

    const count = sampleSum(samples, 'fehrist_sync_api_http_request_duration_seconds_count', {
      method: 'GET',
      route: '/api/:user_id/tasks',
      status: '200',
    });
    expect(count).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(user.id);
  });

  it('labels sign-ups under one auth route', async () => {
    const { samples } = await scrape(server.url);

    const count = sampleSum(samples, 'fehrist_sync_api_http_request_duration_seconds_count', {
      route: '/api/auth/*',
    });
    expect(count).toBeGreaterThanOrEqual(1);
  });

  it('reports the outbox lag as numbers', async () => {
    const { samples } = await scrape(server.url);

    const unpublished = samples.find(
      (sample) => sample.name === 'fehrist_sync_api_outbox_unpublished_events',
    );
    const age = samples.find(
      (sample) => sample.name === 'fehrist_sync_api_outbox_oldest_unpublished_age_seconds',
    );
    expect(unpublished?.value).toBeGreaterThanOrEqual(0);
    expect(age?.value).toBeGreaterThanOrEqual(0);
  });

  it('leaves out process metrics in a shared process', async () => {
    const { samples } = await scrape(server.url);

    expect(samples.some((sample) => sample.name.startsWith('process_'))).toBe(false);
    expect(samples.every((sample) => sample.name.startsWith('fehrist_sync_api_'))).toBe(true);
  });

  it('refuses requests that came through a proxy', async () => {
    const response = await fetch(`${server.url}/metrics`, {
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
