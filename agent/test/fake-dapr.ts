import { createServer, type IncomingMessage, type Server } from 'node:http';
import { listen } from './support';

export interface RecordedRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  body: unknown;
}

/**
 * A stand-in for a Dapr sidecar's state API on 127.0.0.1, with ETags as Dapr documents them.
 * GET returns the value and an ETag header (204 for a missing key). POST saves an array of
 * items, or returns 409 when an item's ETag is stale. DELETE removes a key.
 */
export class FakeDaprSidecar {
  readonly requests: RecordedRequest[] = [];
  readonly values = new Map<string, { value: unknown; etag: string }>();
  /** Number of coming saves to reject with 409 before any is applied, to exercise the retry. */
  conflictsToInject = 0;
  private version = 0;
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body, etag }) => {
        const headers: Record<string, string> = {};
        if (etag) headers.etag = etag;
        if (body !== undefined) headers['content-type'] = 'application/json';
        res.writeHead(status, headers);
        res.end(body === undefined ? undefined : JSON.stringify(body));
      });
    });
    this.port = await listen(this.server);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body?: unknown; etag?: string }> {
    let text = '';
    for await (const chunk of req) text += chunk;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = text ? JSON.parse(text) : undefined;
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      contentType: req.headers['content-type'],
      body,
    });

    if (url.pathname === '/v1.0/healthz') return { status: 204 };
    const match = /^\/v1\.0\/state\/([^/]+)(?:\/(.+))?$/.exec(url.pathname);
    if (!match) return { status: 404 };
    const key = match[2] ? decodeURIComponent(match[2]) : undefined;

    if (req.method === 'GET' && key) {
      const stored = this.values.get(key);
      return stored ? { status: 200, body: stored.value, etag: stored.etag } : { status: 204 };
    }
    if (req.method === 'DELETE' && key) {
      this.values.delete(key);
      return { status: 204 };
    }
    if (req.method === 'POST' && !key && Array.isArray(body)) {
      if (this.conflictsToInject > 0) {
        this.conflictsToInject--;
        return {
          status: 409,
          body: { errorCode: 'ERR_STATE_SAVE', message: 'possible etag mismatch' },
        };
      }
      for (const item of body as { key: string; etag?: string }[]) {
        const current = this.values.get(item.key);
        if (item.etag !== undefined && item.etag !== current?.etag) {
          return {
            status: 409,
            body: { errorCode: 'ERR_STATE_SAVE', message: 'possible etag mismatch' },
          };
        }
      }
      for (const item of body as { key: string; value: unknown }[]) {
        this.values.set(item.key, { value: item.value, etag: String(++this.version) });
      }
      return { status: 204 };
    }
    return { status: 400, body: { errorCode: 'ERR_MALFORMED_REQUEST' } };
  }
}
