import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  type BusEvent,
  type BusEventHandler,
  type EventPublisher,
  type EventSubscriber,
  TOPICS,
  type Topic,
} from '@fehrist/domain';
import type { Context, Middleware, Next } from 'koa';
import { HttpError, unauthorized } from '../http/errors';
import { moduleLogger } from '../logger';
import { toCloudEvent } from './cloud-event';

const log = moduleLogger('dapr');

const PUBLISH_TIMEOUT_MS = 10_000;
// Events of different keys are published side by side; one key's events go one at a time.
const PUBLISH_CONCURRENCY = 8;
const MAX_CALLBACK_BODY_BYTES = 1024 * 1024;
const ROUTE_PREFIX = '/events/';

export interface DaprTransportOptions {
  /** Port of the sidecar's HTTP API on 127.0.0.1. */
  httpPort: number;
  /** Pub/sub component that events are published through. */
  pubsubName: string;
  /** Pub/sub component of the subscriptions this service declares. */
  subscribePubsubName: string;
  /** Subscription resources deliver the events, so GET /dapr/subscribe lists none. */
  declarativeSubscriptions?: boolean;
  /** Sent to the sidecar in `dapr-api-token` when it requires a token. */
  daprApiToken?: string;
  /** Required from the sidecar in `dapr-api-token` on the routes it calls, when set. */
  appApiToken?: string;
}

/** One entry of the `GET /dapr/subscribe` response (Dapr's programmatic subscription). */
export interface DaprSubscription {
  pubsubname: string;
  topic: string;
  route: string;
}

/**
 * Events over Dapr pub/sub through the sidecar's HTTP API. Each event is published as a
 * structured CloudEvent whose `id` is the outbox id. `metadata.partitionKey` is the event key,
 * so a Kafka-backed component keeps one task's events in one partition. Subscriptions are
 * declared in `GET /dapr/subscribe` and delivered to `POST /events/<topic>`.
 */
export class DaprEventTransport implements EventPublisher, EventSubscriber {
  private readonly options: DaprTransportOptions;
  private readonly handlers = new Map<Topic, BusEventHandler>();

  constructor(options: DaprTransportOptions) {
    this.options = options;
  }

  async publish(events: BusEvent[]): Promise<void> {
    const byKey = new Map<string, BusEvent[]>();
    for (const event of events) {
      byKey.set(event.key, [...(byKey.get(event.key) ?? []), event]);
    }
    const queues = [...byKey.values()];

    // Workers take whole keys, so a failed event stops the later events of its key.
    let failure: unknown;
    const worker = async () => {
      for (let queue = queues.shift(); queue && !failure; queue = queues.shift()) {
        for (const event of queue) {
          try {
            await this.publishOne(event);
          } catch (error) {
            failure ??= error;
            return;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PUBLISH_CONCURRENCY, queues.length) }, worker));
    if (failure) throw failure;
  }

  /**
   * Delivers the topic's events to `handler`. `_group` is unused, because Dapr's consumer group
   * is the consumerID of the pub/sub component.
   */
  async subscribe(topic: Topic, _group: string, handler: BusEventHandler): Promise<void> {
    this.handlers.set(topic, handler);
    log.info(
      { topic, pubsub: this.options.subscribePubsubName, route: `${ROUTE_PREFIX}${topic}` },
      'subscribed',
    );
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }

  subscriptions(): DaprSubscription[] {
    if (this.options.declarativeSubscriptions) return [];
    return [...this.handlers.keys()].map((topic) => ({
      pubsubname: this.options.subscribePubsubName,
      topic,
      route: `${ROUTE_PREFIX}${topic}`,
    }));
  }

  /** Koa middleware for the routes the sidecar calls: the subscription list and deliveries. */
  callbacks(): Middleware {
    return async (ctx: Context, next: Next) => {
      if (ctx.method === 'GET' && ctx.path === '/dapr/subscribe') {
        this.requireSidecar(ctx);
        ctx.body = this.subscriptions();
        return;
      }
      if (ctx.method !== 'POST' || !ctx.path.startsWith(ROUTE_PREFIX)) return next();

      this.requireSidecar(ctx);
      const topic = Object.values(TOPICS).find((name) => ctx.path === `${ROUTE_PREFIX}${name}`);
      const handler = topic && this.handlers.get(topic);
      if (!topic || !handler) {
        // Dapr logs a 404 and drops the message.
        throw new HttpError(404, 'route_not_found', `no subscription for ${ctx.path}`);
      }
      ctx.body = await this.deliver(topic, handler, await readJson(ctx.req));
    };
  }

  private async deliver(
    topic: Topic,
    handler: BusEventHandler,
    body: unknown,
  ): Promise<{ status: 'SUCCESS' | 'RETRY' | 'DROP' }> {
    const event = fromCloudEvent(topic, body);
    if (!event) {
      log.warn({ topic }, 'dropped a delivery that is not a CloudEvent with an id and data');
      return { status: 'DROP' };
    }
    try {
      await handler(event);
      return { status: 'SUCCESS' };
    } catch (error) {
      log.error({ err: error, eventId: event.id, topic }, 'event handler failed; Dapr retries');
      return { status: 'RETRY' };
    }
  }

  private async publishOne(event: BusEvent): Promise<void> {
    const { httpPort, pubsubName, daprApiToken } = this.options;
    const pubsub = encodeURIComponent(pubsubName);
    const topic = encodeURIComponent(event.topic);
    const url = new URL(`/v1.0/publish/${pubsub}/${topic}`, `http://127.0.0.1:${httpPort}`);
    url.searchParams.set('metadata.partitionKey', event.key);

    const headers: Record<string, string> = { 'content-type': 'application/cloudevents+json' };
    if (daprApiToken) headers['dapr-api-token'] = daprApiToken;
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(toCloudEvent(event)),
      signal: AbortSignal.timeout(PUBLISH_TIMEOUT_MS),
    });
    // Dapr's error body is {errorCode, message}; it names the component, never the event data.
    const detail = (await response.text()).slice(0, 300);
    if (!response.ok) {
      throw new Error(
        `the Dapr sidecar returned ${response.status} for publishing event ${event.id} on ` +
          `${pubsubName}/${event.topic}: ${detail || '(empty body)'}`,
      );
    }
  }

  private requireSidecar(ctx: Context): void {
    const expected = this.options.appApiToken;
    if (!expected) return;
    const received = Buffer.from(ctx.get('dapr-api-token'));
    const token = Buffer.from(expected);
    if (received.length !== token.length || !timingSafeEqual(received, token)) {
      throw unauthorized('send the Dapr app API token in the dapr-api-token header');
    }
  }
}

function fromCloudEvent(topic: Topic, body: unknown): BusEvent | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { id, subject, data } = body as { id?: unknown; subject?: unknown; data?: unknown };
  if (typeof id !== 'string' || id === '' || data === undefined) return undefined;
  return { id, topic, key: typeof subject === 'string' ? subject : '', data };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_CALLBACK_BODY_BYTES) {
      throw new HttpError(413, 'too_large', 'the event is larger than 1 MB');
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    // Dapr retries any status but 2xx and 404; a body that is not JSON never becomes one.
    return undefined;
  }
}
