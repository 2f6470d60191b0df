import type { BusEvent, BusEventHandler, EventSubscriber, Topic } from '@fehrist/domain';
import { moduleLogger } from '../logger';

const log = moduleLogger('dapr-pubsub');

/** One entry of the programmatic subscription list that Dapr reads from `GET /dapr/subscribe`. */
export interface DaprSubscription {
  pubsubname: string;
  topic: string;
  route: string;
}

/** Dapr's documented per-message response status: SUCCESS, RETRY (deliver again) or DROP. */
export interface DaprDeliveryResult {
  status: 'SUCCESS' | 'RETRY' | 'DROP';
}

/**
 * Receives events from Dapr pub/sub over HTTP. The app lists its subscriptions at
 * `GET /dapr/subscribe`, and the sidecar posts each event as a CloudEvent to
 * `/events/<topic>`. The consumer group is the pub/sub component's consumerID (the Dapr app id
 * by default), so `group` is not used.
 */
export class DaprEventSubscriber implements EventSubscriber {
  private readonly handlers = new Map<string, BusEventHandler>();

  constructor(private readonly pubsubName: string) {}

  async subscribe(topic: Topic, _group: string, handler: BusEventHandler): Promise<void> {
    this.handlers.set(topic, handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }

  subscriptions(): DaprSubscription[] {
    return [...this.handlers.keys()].map((topic) => ({
      pubsubname: this.pubsubName,
      topic,
      route: routeFor(topic),
    }));
  }

  /** Handles one delivery; `body` is the parsed CloudEvent. */
  async deliver(topic: string, body: unknown): Promise<DaprDeliveryResult> {
    const handler = this.handlers.get(topic);
    if (!handler) {
      log.warn({ topic }, 'event for a topic without a subscription dropped');
      return { status: 'DROP' };
    }
    const event = toBusEvent(topic as Topic, body);
    if (!event) {
      log.warn({ topic }, 'delivery is not a CloudEvent with an id and data; dropped');
      return { status: 'DROP' };
    }
    try {
      await handler(event);
      return { status: 'SUCCESS' };
    } catch (error) {
      log.error(
        { err: error, topic, eventId: event.id },
        'event handler failed; asking Dapr to retry',
      );
      return { status: 'RETRY' };
    }
  }
}

export function routeFor(topic: string): string {
  return `/events/${topic}`;
}

/**
 * Reads a CloudEvent 1.0 in structured mode as sync-api publishes it: `id` is the outbox id,
 * `subject` the event key (the task id), `data` the JSON event. `data_base64` is read too.
 */
function toBusEvent(topic: Topic, body: unknown): BusEvent | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const cloudEvent = body as Record<string, unknown>;
  if (typeof cloudEvent.id !== 'string' || cloudEvent.id.length === 0) return undefined;

  let data: unknown = cloudEvent.data;
  if (data === undefined && typeof cloudEvent.data_base64 === 'string') {
    try {
      data = JSON.parse(Buffer.from(cloudEvent.data_base64, 'base64').toString('utf8'));
    } catch {
      return undefined;
    }
  }
  if (data === undefined || data === null) return undefined;

  const key = typeof cloudEvent.subject === 'string' ? cloudEvent.subject : '';
  return { id: cloudEvent.id, topic, key, data };
}
