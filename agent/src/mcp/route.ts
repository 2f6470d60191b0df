import type { ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Context } from 'koa';
import type { Caller } from '../auth/bearer';
import { requestTimeZone } from '../http/time-zone';
import { moduleLogger } from '../logger';
import type { AgentMetrics } from '../metrics';
import { TasksClient } from '../tasks/client';
import { createTaskMcpServer } from './server';

const log = moduleLogger('mcp-route');

export interface McpRouteOptions {
  syncApiUrl: string;
  now(): Date;
  metrics: AgentMetrics;
}

/**
 * Serves MCP over Streamable HTTP in stateless mode: every POST gets its own server and
 * transport, bound to the caller of that request, and no session id is issued. So any
 * replica can serve any request, and a token is never reused beyond the request that sent
 * it. GET (a stream of server-initiated messages) and DELETE (ending a session) get 405, as
 * the Streamable HTTP transport allows: a server bound to one request has nothing to send
 * later, and there are no sessions to end.
 */
export function createMcpHandler(options: McpRouteOptions) {
  return async function handleMcp(ctx: Context): Promise<void> {
    if (ctx.method !== 'POST') {
      ctx.status = 405;
      ctx.set('Allow', 'POST');
      ctx.body = {
        jsonrpc: '2.0',
        error: {
          code: -32000,
          message: `${ctx.method} is not supported: this server is stateless, send POST`,
        },
        id: null,
      };
      return;
    }
    const caller = ctx.state.caller as Caller;
    const timeZone = requestTimeZone(ctx, undefined, 'X-Time-Zone') ?? 'UTC';
    const server = createTaskMcpServer(
      {
        client: new TasksClient(options.syncApiUrl, caller.userId, caller.token),
        timeZone,
        now: options.now,
      },
      options.metrics,
    );
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });

    ctx.respond = false;
    const finished = waitForFinish(ctx.res);
    try {
      await server.connect(transport);
      await transport.handleRequest(ctx.req, ctx.res, ctx.request.body);
      await finished;
    } catch (error) {
      log.error({ err: error, requestId: ctx.state.requestId }, 'MCP request failed');
      if (!ctx.res.headersSent) {
        ctx.res.writeHead(500, { 'content-type': 'application/json' });
        ctx.res.end(
          JSON.stringify({
            jsonrpc: '2.0',
            error: { code: -32603, message: 'internal error' },
            id: null,
          }),
        );
      }
    } finally {
      await transport.close().catch(() => undefined);
      await server.close().catch(() => undefined);
    }
  };
}

function waitForFinish(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.writableFinished) return resolve();
    res.once('finish', () => resolve());
    res.once('close', () => resolve());
  });
}
