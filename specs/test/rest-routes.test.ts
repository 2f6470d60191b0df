// Keeps specs/api/rest.md and the services' routes in step. The sync API is started against
// the test PostgreSQL and asked for the routes its router serves. The other services' routes
// are read from their @koa/router registrations, and that reader is checked here against the
// started sync API.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../../sync-api/test/support';
import { readRepoFile, sourceFiles } from './support/repo';
import {
  type DocumentedRoute,
  documentedRoutes,
  httpWorkspaces,
  parseRouterRegistrations,
  REST_SPEC,
  ROUTER_REGISTRATION,
  type Route,
  routeKey,
  routerFiles,
  staticPrefix,
  toSpecPath,
} from './support/routes';

let server: TestServer;
let servedBySyncApi: Route[];

beforeAll(async () => {
  server = await startTestServer(inject('databaseUrl'));
  servedBySyncApi = server.routes.map((route) => ({
    method: route.method,
    path: toSpecPath(route.path),
  }));
});

afterAll(async () => {
  await server?.close();
});

/** A Better Auth endpoint such as `/api/auth/token`; the `/api/auth/*` prefix row is not one. */
const isBetterAuthEndpoint = (route: Route) =>
  route.path.startsWith('/api/auth/') && !route.path.includes('*');

const keys = (routes: Route[]) => [...new Set(routes.map(routeKey))].sort();

function documentedIn(workspace: string, where: 'router' | 'outside' | 'all'): DocumentedRoute[] {
  return documentedRoutes().filter(
    (route) =>
      route.workspace === workspace &&
      (where === 'all' || route.outsideRouter === (where === 'outside')),
  );
}

/** The entries of `wanted` that `have` lacks. */
const missingFrom = (have: string[], wanted: string[]) =>
  wanted.filter((entry) => !have.includes(entry));

describe('REST spec tables', () => {
  it('document every service that serves HTTP', () => {
    const documented = [...new Set(documentedRoutes().map((route) => route.workspace))];
    expect(
      missingFrom(documented, httpWorkspaces()),
      `services without a "### <workspace>" route table in ${REST_SPEC}`,
    ).toEqual([]);
  });

  it('give each row a method and a path', () => {
    const malformed = documentedRoutes()
      .filter(
        (route) =>
          !/^(GET|POST|PUT|PATCH|DELETE|ALL)$/.test(route.method) || !route.path.startsWith('/'),
      )
      .map((route) => `${REST_SPEC}:${route.line}`);
    expect(malformed, 'rows without an HTTP method and a path in inline code').toEqual([]);
  });
});

describe('sync-api routes', () => {
  it('lists every route the router serves', () => {
    expect(servedBySyncApi.length).toBeGreaterThan(0);
    expect(
      missingFrom(keys(documentedIn('sync-api', 'router')), keys(servedBySyncApi)),
      `served routes missing from ${REST_SPEC}`,
    ).toEqual([]);
  });

  it('serves every documented router route', () => {
    expect(
      missingFrom(keys(servedBySyncApi), keys(documentedIn('sync-api', 'router'))),
      `routes in ${REST_SPEC} that the router does not serve`,
    ).toEqual([]);
  });

  it('matches the registrations read from source', () => {
    // The source reader is what covers the services this test does not start.
    expect(keys(parseRouterRegistrations('sync-api'))).toEqual(keys(servedBySyncApi));
  });

  it('answers the documented Better Auth endpoints', async () => {
    const endpoints = documentedIn('sync-api', 'outside').filter(isBetterAuthEndpoint);
    expect(endpoints.length).toBeGreaterThan(0);
    const unanswered: string[] = [];
    for (const endpoint of endpoints) {
      const response = await fetch(new URL(endpoint.path, server.url), {
        method: endpoint.method,
        headers: { 'content-type': 'application/json', origin: server.url },
        body: ['POST', 'PUT', 'PATCH'].includes(endpoint.method) ? '{}' : undefined,
      });
      await response.body?.cancel();
      if (response.status === 404) unanswered.push(`${routeKey(endpoint)} (line ${endpoint.line})`);
    }
    expect(unanswered, `Better Auth endpoints in ${REST_SPEC} that answer 404`).toEqual([]);
  });
});

describe.each(httpWorkspaces().filter((workspace) => workspace !== 'sync-api'))(
  '%s routes',
  (workspace) => {
    it('lists every registered router route', () => {
      expect(
        missingFrom(
          keys(documentedIn(workspace, 'router')),
          keys(parseRouterRegistrations(workspace)),
        ),
        `registered routes missing from ${REST_SPEC}`,
      ).toEqual([]);
    });

    it('registers every documented router route', () => {
      expect(
        missingFrom(
          keys(parseRouterRegistrations(workspace)),
          keys(documentedIn(workspace, 'router')),
        ),
        `routes in ${REST_SPEC} that ${workspace} does not register`,
      ).toEqual([]);
    });

    it('registers routes only in a form the reader sees', () => {
      // A route on a router the reader does not recognise would hide from this test.
      const unseen = routerFiles(workspace).flatMap((file) => {
        const text = readRepoFile(file);
        const calls = text.match(/\.(get|post|put|patch|delete|del|all)\(\s*['"`]\//g) ?? [];
        const seen = text.match(ROUTER_REGISTRATION) ?? [];
        return calls.length === seen.length ? [] : [file];
      });
      expect(unseen, 'files with route registrations the source reader misses').toEqual([]);
    });
  },
);

describe('routes served without a router', () => {
  it('appear in the service sources', () => {
    const absent = documentedRoutes()
      .filter((route) => route.outsideRouter && !isBetterAuthEndpoint(route))
      .filter((route) => {
        const prefix = staticPrefix(route.path);
        return !sourceFiles(`${route.workspace}/src`).some((file) =>
          readRepoFile(file).includes(prefix),
        );
      })
      .map((route) => `${routeKey(route)} (line ${route.line})`);
    expect(absent, `routes in ${REST_SPEC} whose path is in no source of their service`).toEqual(
      [],
    );
  });
});
