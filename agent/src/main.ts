import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from './config';
import { moduleLogger } from './logger';
import { createAgentService } from './service';

const log = moduleLogger('main');
// Open event streams would keep the server from closing; past this, sockets are cut.
const SOCKET_GRACE_MS = 15_000;

try {
  const config = loadConfig();
  const server = createServer();
  let port = config.PORT;
  // The agent's own MCP client always reaches the service on loopback, whatever HOST is.
  const service = await createAgentService({
    selfUrl: () => `http://127.0.0.1:${port}`,
    serveHealth: true,
    serveMetrics: true,
    collectProcessMetrics: true,
  });

  server.on('request', (req, res) => {
    service.handle(req, res).then(
      (served) => {
        if (served) return;
        res.writeHead(404, { 'content-type': 'application/problem+json' });
        res.end(
          JSON.stringify({
            type: 'urn:fehrist:problem:route_not_found',
            title: 'Not Found',
            status: 404,
            code: 'route_not_found',
            detail: `no route for ${req.method} ${req.url?.split('?')[0]}`,
          }),
        );
      },
      (error: unknown) => {
        log.error({ err: error }, 'request handling failed');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  console.log(`\nFehrist agent is listening on http://${config.HOST}:${port}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const cut = setTimeout(() => server.closeAllConnections(), SOCKET_GRACE_MS).unref();
    try {
      await service.close();
      await closed;
      clearTimeout(cut);
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  log.fatal({ err: error }, 'agent failed to start');
  process.exitCode = 1;
}
