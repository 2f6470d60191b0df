// NOTE: this file, dapr-subscriber.ts and db/database.ts repeat the notifier's versions,
// because services depend only on @fehrist/domain; a shared service package would end that.
import type { BusEvent, BusEventHandler, EventSubscriber, Topic } from '@fehrist/domain';
import { type Consumer, type IHeaders, Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import { moduleLogger } from '../logger';

const log = moduleLogger('kafka');

/** Header with the outbox id, as sync-api's Kafka transport writes it. */
const EVENT_ID_HEADER = 'event-id';

export interface KafkaSubscriberOptions {
  brokers: string[];
  clientId: string;
  /** Prepended to topic names, for example `fehrist.` for `fehrist.task-events`. */
  topicPrefix?: string;
  /** Start a new consumer group at the beginning of its topics; true by default. */
  fromBeginning?: boolean;
  /** Partitions and replicas of the topics created when missing, as sync-api creates them. */
  partitions: number;
  replicationFactor: number;
}

interface Group {
  handlers: Map<string, BusEventHandler>;
  consumer?: Consumer;
  /** Topics the running consumer subscribed to. */
  topics?: string[];
  starting?: Promise<void>;
}

/**
 * Consumes topics with kafkajs. Each consumer group gets one consumer for all its topics. An
 * offset is committed only after the handler resolved, so an event whose handler threw is
 * delivered again (at least once).
 */
export class KafkaEventSubscriber implements EventSubscriber {
  private readonly kafka: Kafka;
  private readonly prefix: string;
  private readonly groups = new Map<string, Group>();
  private closed = false;

  constructor(private readonly options: KafkaSubscriberOptions) {
    this.prefix = options.topicPrefix ?? '';
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      logCreator: () => (entry) => {
        const { message, ...extra } = entry.log;
        log.warn({ kafkaNamespace: entry.namespace, ...extra }, message);
      },
    });
  }

  /**
   * Adds a topic to the group's consumer. Subscriptions made in the same tick start one
   * consumer together; a later one restarts it, because kafkajs cannot add a topic to a
   * running consumer.
   */
  async subscribe(topic: Topic, group: string, handler: BusEventHandler): Promise<void> {
    if (this.closed) throw new Error('Kafka subscriber is closed');
    const entry = this.groups.get(group) ?? { handlers: new Map() };
    this.groups.set(group, entry);
    entry.handlers.set(this.prefix + topic, handler);
    await this.restart(group, entry);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const [group, entry] of this.groups) {
      await entry.starting?.catch(() => undefined);
      await entry.consumer?.disconnect();
      log.info({ group }, 'Kafka consumer stopped');
    }
    this.groups.clear();
  }

  private restart(group: string, entry: Group): Promise<void> {
    const previous = entry.starting?.catch(() => undefined) ?? Promise.resolve();
    const starting = previous.then(() => this.startConsumer(group, entry));
    entry.starting = starting;
    return starting;
  }

  private async startConsumer(group: string, entry: Group): Promise<void> {
    // Let the other subscribe calls of this tick register first.
    await new Promise((resolve) => setImmediate(resolve));
    const topics = [...entry.handlers.keys()].sort();
    if (entry.consumer && entry.topics?.join() === topics.join()) return;

    if (entry.consumer) await entry.consumer.disconnect();
    await this.createMissingTopics(topics);
    const consumer = this.kafka.consumer({ groupId: group, allowAutoTopicCreation: false });
    entry.consumer = consumer;
    entry.topics = topics;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const handler = entry.handlers.get(topic);
        if (handler) await handler(this.toBusEvent(topic, partition, message));
        await consumer.commitOffsets([
          { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
        ]);
      },
    });
    log.info({ group, topics }, 'Kafka consumer started');
  }

  /**
   * Creates the topics that do not exist yet, so the audit service may start before sync-api has
   * published anything. Broker-side auto-creation is not used, because it ignores the
   * partition count.
   */
  private async createMissingTopics(topics: string[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((topic) => !existing.has(topic));
      if (missing.length === 0) return;
      // Another service may create the same topics meanwhile; createTopics then returns false.
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: this.options.partitions,
          replicationFactor: this.options.replicationFactor,
        })),
      });
      log.info({ topics: missing }, 'created Kafka topics');
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Reads a message as sync-api's outbox relay writes it: the key is the task id, the value
   * the event's JSON, and the `event-id` header the outbox id. Without that header the
   * partition and offset name the event.
   */
  private toBusEvent(topic: string, partition: number, message: KafkaMessage): BusEvent {
    const id =
      headerText(message.headers, EVENT_ID_HEADER) ?? `${topic}/${partition}/${message.offset}`;
    const text = message.value?.toString('utf8') ?? 'null';
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      log.warn({ topic, partition, offset: message.offset }, 'Kafka message value is not JSON');
      data = null;
    }
    return {
      id,
      topic: topic.slice(this.prefix.length) as Topic,
      key: message.key?.toString('utf8') ?? '',
      data,
    };
  }
}

function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}
