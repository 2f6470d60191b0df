import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { send } from './api-support';
import { startTestServer, type TestServer } from './support';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface Operation {
  parameters?: { name: string; in: string }[];
}

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
}

let server: TestServer;
let document: OpenApiDocument;

beforeAll(async () => {
  server = await startTestServer(inject('databaseUrl'));
  document = (await send(server.url, 'GET', '/api/openapi.json')).body;
});

afterAll(async () => {
  await server?.close();
});

/** `/api/:user_id/tasks/:id` as OpenAPI writes it: `/api/{user_id}/tasks/{id}`. */
const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

const documented = () =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => HTTP_METHODS.includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );

describe('GET /api/openapi.json', () => {
  it('is public JSON', async () => {
    const response = await send(server.url, 'GET', '/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('has the OpenAPI 3 shape', () => {
    expect(document.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(typeof document.info.title).toBe('string');
    expect(typeof document.info.version).toBe('string');
    expect(document.servers[0]?.url).toBe(server.url);
    expect(typeof document.paths).toBe('object');
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['bearer', 'session']);
  });

  it('documents every served route', () => {
    const served = server.routes.map((route) => `${route.method} ${toOpenApiPath(route.path)}`);
    expect(served.length).toBeGreaterThan(0);
    for (const operation of served) {
      expect(documented(), operation).toContain(operation);
    }
  });

  it('serves every documented route', () => {
    const served = server.routes.map((route) => `${route.method} ${toOpenApiPath(route.path)}`);
    for (const operation of documented()) {
      expect(served, operation).toContain(operation);
    }
  });

  it('declares each path parameter', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      for (const method of Object.keys(item).filter((key) => HTTP_METHODS.includes(key))) {
        const declared = (item[method]?.parameters ?? [])
          .filter((parameter) => parameter.in === 'path')
          .map((parameter) => parameter.name);
        expect(declared, `${method} ${path}`).toEqual(names);
      }
    }
  });

  it('resolves every schema reference', () => {
    const references = [
      ...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g),
    ];
    expect(references.length).toBeGreaterThan(0);
    for (const [, name] of references) {
      expect(document.components.schemas, String(name)).toHaveProperty(String(name));
    }
  });

  it('lists the query parameters the server reads', () => {
    const parameters = (document.paths['/api/{user_id}/tasks']?.get?.parameters ?? [])
      .filter((parameter) => parameter.in === 'query')
      .map((parameter) => parameter.name)
      .sort();
    expect(parameters).toEqual(
      [
        'cursor',
        'due_from',
        'due_to',
        'limit',
        'order',
        'overdue',
        'priority',
        'q',
        'sort',
        'status',
        'tag',
      ].sort(),
    );
  });
});
