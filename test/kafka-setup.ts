// Vitest global setup for tests that need Kafka: they read the bootstrap address ("127.0.0.1:PORT")
// with inject('kafkaBrokers').
import type { TestProject } from 'vitest/node';
import { startKafka } from '../scripts/services/kafka.mjs';

// NOTE: stopBroker() and startBroker() cannot reach the test files, because provide() passes only
// serializable values. A test that stops and restarts the broker needs its own from startKafka().
export async function setup(project: TestProject) {
  // startKafka() throws if the broker cannot start, so these tests fail instead of being skipped.
  const kafka = await startKafka();
  project.provide('kafkaBrokers', kafka.brokers);
  return () => kafka.stop();
}
