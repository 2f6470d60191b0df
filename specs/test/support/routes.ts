// HTTP routes as the code registers them and as specs/api/rest.md lists them.
import { type MarkdownTable, readTables } from './markdown';
import { readRepoFile, sourceFiles, workspaces } from './repo';

export interface Route {
  /** Upper-case HTTP method, or `ALL` for a route that takes every method. */
  method: string;
  /** Path in OpenAPI form: `/api/{user_id}/tasks/{id}`. */
  path: string;
}

export interface DocumentedRoute extends Route {
  workspace: string;
  /** True for routes served outside a @koa/router router (middleware or plain node:http). */
  outsideRouter: boolean;
  line: number;
}

export const REST_SPEC = 'specs/api/rest.md';

/** `/api/:user_id/tasks/:id` as OpenAPI and the spec write it: `/api/{user_id}/tasks/{id}`. */
export const toSpecPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

export const routeKey = (route: Route) => `${route.method} ${route.path}`;

// `router.get('/path'`, `apiRouter.post(\n '/path'`: a @koa/router registration with a literal path.
export const ROUTER_REGISTRATION =
  /\b\w*[Rr]outer\.(get|post|put|patch|delete|del|all)\(\s*(['"`])([^'"`]+)\2/g;

/** Files of a workspace's `src/` that import @koa/router. */
export function routerFiles(workspace: string): string[] {
  return sourceFiles(`${workspace}/src`).filter((file) =>
    /from '@koa\/router'/.test(readRepoFile(file)),
  );
}

/**
 * Reads the @koa/router registrations with literal paths from a workspace's sources. Routes
 * are registered on the router that the service creates or on one it passes to register
 * functions, so every source file of the workspace is read.
 */
export function parseRouterRegistrations(workspace: string): Route[] {
  const routes: Route[] = [];
  for (const file of sourceFiles(`${workspace}/src`)) {
    for (const match of readRepoFile(file).matchAll(ROUTER_REGISTRATION)) {
      const verb = (match[1] as string).toUpperCase();
      routes.push({
        method: verb === 'DEL' ? 'DELETE' : verb,
        path: toSpecPath(match[3] as string),
      });
    }
  }
  return routes;
}

/** Workspaces whose sources register @koa/router routes or serve HTTP with node:http. */
export function httpWorkspaces(): string[] {
  return workspaces().filter((workspace) =>
    sourceFiles(`${workspace}/src`).some((file) =>
      /from '@koa\/router'|createServer\(/.test(readRepoFile(file)),
    ),
  );
}

/**
 * Reads the route tables of the REST spec: tables whose first two header cells are `method` and
 * `path`, under a `###` heading that starts with a workspace name. A `####` heading containing
 * "without a router" or "without the router" marks routes served outside @koa/router.
 */
export function documentedRoutes(): DocumentedRoute[] {
  const names = workspaces();
  const routes: DocumentedRoute[] = [];
  for (const table of routeTables()) {
    const workspace = names.find((name) => table.headings[2]?.split(/[\s:(]/)[0] === name);
    if (!workspace) continue;
    const outsideRouter = /without (a|the) router/i.test(table.headings[3] ?? '');
    for (const row of table.rows) {
      const path = (/`([^`]+)`/.exec(row.cells[1] ?? '')?.[1] ?? '').trim();
      for (const method of (row.cells[0] ?? '').split(',')) {
        const verb = method.trim().toUpperCase();
        routes.push({
          workspace,
          method: verb === 'ANY' ? 'ALL' : verb,
          path,
          outsideRouter,
          line: row.line,
        });
      }
    }
  }
  return routes;
}

export function routeTables(): MarkdownTable[] {
  return readTables(REST_SPEC).filter(
    (table) => table.header[0] === 'method' && table.header[1] === 'path',
  );
}

/** The static start of a route path, before its first parameter: `/events/` of `/events/{topic}`. */
export const staticPrefix = (path: string) => path.split(/[{<*]/)[0] as string;
