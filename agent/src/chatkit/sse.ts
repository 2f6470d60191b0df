import type { ServerResponse } from 'node:http';
import type { ThreadStreamEvent } from './protocol';

/** Writes ChatKit events as server-sent events, one `data: <json>` block per event. */
export class EventStream {
  private open = true;

  constructor(private readonly res: ServerResponse) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Reverse proxies such as nginx would otherwise hold events back until the end.
      'x-accel-buffering': 'no',
    });
    res.once('close', () => {
      this.open = false;
    });
  }

  /** False once the client has gone; later events are dropped. */
  get connected(): boolean {
    return this.open;
  }

  send(event: ThreadStreamEvent): void {
    if (!this.open) return;
    this.res.write(`data: ${JSON.stringify(event)}\n\n`);
  }

  end(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.open || this.res.writableEnded) return resolve();
      this.res.end(() => resolve());
    });
  }
}
