// Types of kafka.mjs for TypeScript projects that do not type-check JavaScript (allowJs off).

export interface TestKafka {
  /** Bootstrap address for clients, "127.0.0.1:PORT". */
  brokers: string;
  /** Stops the broker process and keeps its ports and data. */
  stopBroker(): Promise<void>;
  /** Starts the broker stopped by stopBroker() again and waits until it serves requests. */
  startBroker(): Promise<void>;
  /** Stops the broker and deletes its temp folder. */
  stop(): Promise<void>;
}

/** Starts a single-node Kafka broker on 127.0.0.1, fetching its jars first if needed. */
export function startKafka(): Promise<TestKafka>;
