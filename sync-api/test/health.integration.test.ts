import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { send } from './api-support';
import { startTestServer, type TestServer } from './support';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(inject('databaseUrl'));
});

afterAll(async () => {
  await server?.close();
});

describe('health checks', () => {
  it('healthz: 200 without credentials', async () => {
    const response = await send(server.url, 'GET', '/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('readyz: 200 with the database up', async () => {
    const response = await send(server.url, 'GET', '/readyz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ready' });
  });

  it('echoes a request id', async () => {
    const response = await send(server.url, 'GET', '/healthz', {
      headers: { 'x-request-id': 'health-check-1' },
    });
    expect(response.headers.get('x-request-id')).toBe('health-check-1');
  });

  it('unknown API route: 404 problem', async () => {
    const response = await send(server.url, 'GET', '/api/no-such-route');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
