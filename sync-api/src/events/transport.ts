import { type EventPublisher, type EventSubscriber, InProcessEventBus } from '@fehrist/domain';
import type { Middleware } from 'koa';
import type { Config } from '../config';
import { DaprEventTransport } from './dapr-transport';
import { KafkaEventTransport } from './kafka-transport';

export type TransportKind = 'in-process' | 'kafka' | 'dapr';

/** Where events go and come from. Business code uses only the publisher and subscriber. */
export interface EventTransport {
  kind: TransportKind;
  publisher: EventPublisher;
  subscriber: EventSubscriber;
  /** Koa middleware for the routes a Dapr sidecar calls; only the Dapr transport has one. */
  callbacks?: Middleware;
  close(): Promise<void>;
}

export type EventTransportConfig = Pick<
  Config,
  | 'EVENT_TRANSPORT'
  | 'KAFKA_BROKERS'
  | 'KAFKA_CLIENT_ID'
  | 'KAFKA_TOPIC_PREFIX'
  | 'KAFKA_PARTITIONS'
  | 'KAFKA_REPLICATION_FACTOR'
  | 'DAPR_HTTP_PORT'
  | 'DAPR_PUBSUB_NAME'
  | 'DAPR_POKES_PUBSUB_NAME'
  | 'DAPR_API_TOKEN'
  | 'APP_API_TOKEN'
  | 'DAPR_SUBSCRIPTIONS'
>;

/** Returns the transport the configuration selects: Dapr when a sidecar port is set, then Kafka. */
export function transportKind(config: EventTransportConfig): TransportKind {
  if (config.EVENT_TRANSPORT !== 'auto') return config.EVENT_TRANSPORT;
  if (config.DAPR_HTTP_PORT !== undefined) return 'dapr';
  if (config.KAFKA_BROKERS !== undefined) return 'kafka';
  return 'in-process';
}

/**
 * Builds the transport the configuration selects. The in-process one uses `eventBus` when
 * given, so other parts of the same process (the notifier in the embedded start) share it, and
 * leaves closing it to the caller that made it. No transport connects here, because Kafka
 * connects on first use.
 */
export function createEventTransport(
  config: EventTransportConfig,
  options: { eventBus?: InProcessEventBus } = {},
): EventTransport {
  const kind = transportKind(config);

  if (kind === 'kafka') {
    if (!config.KAFKA_BROKERS) {
      throw new Error('EVENT_TRANSPORT=kafka needs KAFKA_BROKERS, such as kafka-0:9092');
    }
    const kafka = new KafkaEventTransport({
      brokers: config.KAFKA_BROKERS.split(',').map((broker) => broker.trim()),
      clientId: config.KAFKA_CLIENT_ID,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      partitions: config.KAFKA_PARTITIONS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    });
    return { kind, publisher: kafka, subscriber: kafka, close: () => kafka.close() };
  }

  if (kind === 'dapr') {
    if (config.DAPR_HTTP_PORT === undefined) {
      throw new Error('EVENT_TRANSPORT=dapr needs DAPR_HTTP_PORT, the port of the Dapr sidecar');
    }
    const dapr = new DaprEventTransport({
      httpPort: config.DAPR_HTTP_PORT,
      pubsubName: config.DAPR_PUBSUB_NAME,
      subscribePubsubName: config.DAPR_POKES_PUBSUB_NAME ?? config.DAPR_PUBSUB_NAME,
      daprApiToken: config.DAPR_API_TOKEN,
      appApiToken: config.APP_API_TOKEN,
      declarativeSubscriptions: config.DAPR_SUBSCRIPTIONS === 'declarative',
    });
    return {
      kind,
      publisher: dapr,
      subscriber: dapr,
      callbacks: dapr.callbacks(),
      close: () => dapr.close(),
    };
  }

  const bus = options.eventBus ?? new InProcessEventBus();
  const owned = options.eventBus === undefined;
  return {
    kind,
    publisher: bus,
    subscriber: bus,
    close: async () => {
      if (owned) await bus.close();
    },
  };
}
