import {
  type BusEvent,
  type BusEventHandler,
  type EventPublisher,
  type EventSubscriber,
  TOPICS,
  type Topic,
} from '@fehrist/domain';
import kafkajs, {
  type Consumer,
  type KafkaMessage,
  type logCreator,
  type Message,
  type Producer,
} from 'kafkajs';
import { moduleLogger } from '../logger';
import { eventTime, eventType } from './cloud-event';

const { Kafka, Partitioners, logLevel } = kafkajs;

const log = moduleLogger('kafka');

/** Header that carries the outbox id; consumers deduplicate on it. */
export const EVENT_ID_HEADER = 'event-id';
export const EVENT_TYPE_HEADER = 'event-type';

// kafkajs retries each request itself; past this the relay's own backoff takes over.
const CLIENT_RETRY = { retries: 5, initialRetryTime: 300, maxRetryTime: 5_000 };
// A consumer that has not joined its group by then keeps trying in the background.
const GROUP_JOIN_TIMEOUT_MS = 30_000;
// The broker returns a fetch as soon as a message arrives. This bounds an empty fetch, which
// disconnect() waits for, so a shorter wait makes shutdown faster at no cost in latency.
const FETCH_MAX_WAIT_MS = 1_000;
// A consumer that restarts after a broker outage rejoins only once its old membership expired,
// so this also bounds how long deliveries pause then. kafkajs defaults to 30 s.
const SESSION_TIMEOUT_MS = 10_000;

export interface KafkaTransportOptions {
  brokers: string[];
  clientId: string;
  /** Prepended to each topic name. */
  topicPrefix: string;
  /** Partitions and replicas of the topics created at start when missing. */
  partitions: number;
  replicationFactor: number;
}

/**
 * Events over Kafka with kafkajs. The producer is idempotent and waits for every in-sync
 * replica (`acks: -1`). Each message has the event key as its key, so one task's events go to
 * one partition in order, and the JSON of `data` as its value.
 */
export class KafkaEventTransport implements EventPublisher, EventSubscriber {
  private readonly options: KafkaTransportOptions;
  private readonly kafka: InstanceType<typeof Kafka>;
  private producer: Promise<Producer> | undefined;
  private topicsReady: Promise<void> | undefined;
  private readonly consumers: Consumer[] = [];

  constructor(options: KafkaTransportOptions) {
    this.options = options;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      retry: CLIENT_RETRY,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator,
    });
  }

  topicName(topic: Topic): string {
    return `${this.options.topicPrefix}${topic}`;
  }

  async publish(events: BusEvent[]): Promise<void> {
    if (events.length === 0) return;
    const producer = await this.connectedProducer();

    const byTopic = new Map<string, Message[]>();
    for (const event of events) {
      const name = this.topicName(event.topic);
      const messages = byTopic.get(name) ?? [];
      messages.push(toMessage(event));
      byTopic.set(name, messages);
    }

    try {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    } catch (error) {
      // A send that failed may still have been written, and the idempotent producer would
      // reuse its sequence numbers for different messages. A new producer starts afresh; any
      // duplicate it writes carries the same event-id.
      await this.dropProducer();
      throw error;
    }
  }

  async subscribe(topic: Topic, group: string, handler: BusEventHandler): Promise<void> {
    await this.ensureTopics();
    const consumer = this.kafka.consumer({
      groupId: group,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
      sessionTimeout: SESSION_TIMEOUT_MS,
      heartbeatInterval: SESSION_TIMEOUT_MS / 3,
    });
    this.consumers.push(consumer);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [this.topicName(topic)], fromBeginning: false });
    } catch (error) {
      this.consumers.splice(this.consumers.indexOf(consumer), 1);
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }

    let removeListener = () => {};
    const joined = new Promise<boolean>((resolve) => {
      removeListener = consumer.on(consumer.events.GROUP_JOIN, () => resolve(true));
      setTimeout(() => resolve(false), GROUP_JOIN_TIMEOUT_MS).unref();
    });
    await consumer.run({
      eachMessage: async ({ topic: name, partition, message }) => {
        const event = this.toBusEvent(name, message);
        if (!event) {
          log.warn(
            { topic: name, partition, offset: message.offset },
            'skipped a message without an event-id header or a JSON value',
          );
          return;
        }
        try {
          await handler(event);
        } catch (error) {
          // Thrown on, so kafkajs retries the message before committing its offset.
          log.error({ err: error, eventId: event.id, topic, group }, 'event handler failed');
          throw error;
        }
      },
    });
    const inGroup = await joined;
    removeListener();
    if (inGroup) {
      log.info({ topic: this.topicName(topic), group }, 'subscribed');
    } else {
      log.warn(
        { topic: this.topicName(topic), group, waitedMs: GROUP_JOIN_TIMEOUT_MS },
        'the consumer has not joined its group yet; it keeps trying',
      );
    }
  }

  async close(): Promise<void> {
    const consumers = this.consumers.splice(0);
    await Promise.all(
      consumers.map((consumer) =>
        consumer.disconnect().catch((error: unknown) => {
          log.warn({ err: error }, 'disconnecting a Kafka consumer failed');
        }),
      ),
    );
    await this.dropProducer();
  }

  /** Creates the topics that are missing; remembered once it succeeds. */
  ensureTopics(): Promise<void> {
    this.topicsReady ??= this.createMissingTopics().catch((error: unknown) => {
      this.topicsReady = undefined;
      throw error;
    });
    return this.topicsReady;
  }

  private async createMissingTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = Object.values(TOPICS)
        .map((topic) => this.topicName(topic))
        .filter((name) => !existing.has(name));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: this.options.partitions,
          replicationFactor: this.options.replicationFactor,
        })),
      });
      log.info(
        {
          topics: missing,
          partitions: this.options.partitions,
          replicationFactor: this.options.replicationFactor,
        },
        'created Kafka topics',
      );
    } finally {
      await admin.disconnect();
    }
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      await this.ensureTopics();
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: CLIENT_RETRY,
      });
      await producer.connect();
      log.info({ brokers: this.options.brokers }, 'Kafka producer connected');
      return producer;
    })().catch((error: unknown) => {
      this.producer = undefined;
      throw error;
    });
    return this.producer;
  }

  private async dropProducer(): Promise<void> {
    const pending = this.producer;
    this.producer = undefined;
    const producer = await pending?.catch(() => undefined);
    await producer?.disconnect().catch((error: unknown) => {
      log.warn({ err: error }, 'disconnecting the Kafka producer failed');
    });
  }

  private toBusEvent(name: string, message: KafkaMessage): BusEvent | undefined {
    const topic = Object.values(TOPICS).find((candidate) => this.topicName(candidate) === name);
    const id = message.headers?.[EVENT_ID_HEADER]?.toString();
    if (!topic || !id || !message.value) return undefined;
    try {
      return {
        id,
        topic,
        key: message.key?.toString() ?? '',
        data: JSON.parse(message.value.toString('utf8')),
      };
    } catch {
      return undefined;
    }
  }
}

function toMessage(event: BusEvent): Message {
  return {
    key: event.key,
    value: JSON.stringify(event.data),
    timestamp: String(Date.parse(eventTime(event))),
    headers: {
      [EVENT_ID_HEADER]: event.id,
      [EVENT_TYPE_HEADER]: eventType(event),
      'content-type': 'application/json',
    },
  };
}

/**
 * Sends kafkajs's own log lines to pino. Its errors become warnings: during a broker outage
 * it logs one on every retry, and the relay and the consumers log the outcome themselves.
 */
const kafkaLogCreator: logCreator = () => {
  const kafkaLog = moduleLogger('kafkajs');
  return ({ namespace, level, log: entry }) => {
    const { message, timestamp: _timestamp, logger: _logger, ...fields } = entry;
    // The warning is about reusing sequence numbers after the last retry; the transport
    // replaces the producer after any failed send, so none are reused.
    if (message.startsWith('Limiting retries for the idempotent producer')) return;
    if (level <= logLevel.WARN) kafkaLog.warn({ namespace, ...fields }, message);
    else if (level === logLevel.INFO) kafkaLog.info({ namespace, ...fields }, message);
    else kafkaLog.debug({ namespace, ...fields }, message);
  };
};
