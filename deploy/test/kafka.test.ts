import { TOPICS } from '@fehrist/domain';
import { describe, expect, it } from 'vitest';
import {
  at,
  CLUSTER_NAMES,
  CLUSTERS,
  type KubernetesObject,
  ofKind,
  readManifests,
  render,
} from './support';

// Checks written from Strimzi's KRaft examples and API reference (Strimzi 0.48): a Kafka with
// listeners and no ZooKeeper, node pools labelled with the cluster that hold the controller and
// broker roles, JBOD storage with one volume for the KRaft metadata.
const ROLES = ['controller', 'broker'];

function checkCluster(objects: KubernetesObject[]): string[] {
  const problems: string[] = [];
  const kafkas = ofKind(objects, 'Kafka');
  if (kafkas.length !== 1) return [`expected one Kafka, found ${kafkas.length}`];
  const kafka = kafkas[0] as KubernetesObject;
  const name = kafka.metadata.name;
  if (at(kafka, 'spec', 'zookeeper') !== undefined)
    problems.push('spec.zookeeper is set; KRaft needs none');
  if (!at(kafka, 'spec', 'kafka', 'metadataVersion'))
    problems.push('spec.kafka.metadataVersion is missing');
  if (!at(kafka, 'spec', 'entityOperator', 'topicOperator')) {
    problems.push('spec.entityOperator.topicOperator is missing, so KafkaTopics would be ignored');
  }
  const listeners = at<Record<string, unknown>[]>(kafka, 'spec', 'kafka', 'listeners') ?? [];
  if (listeners.length === 0) problems.push('spec.kafka.listeners is empty');
  for (const listener of listeners) {
    for (const field of ['name', 'port', 'type', 'tls']) {
      if (listener[field] === undefined)
        problems.push(`listener ${String(listener.name)} lacks ${field}`);
    }
  }

  const pools = ofKind(objects, 'KafkaNodePool');
  let brokers = 0;
  const roles = new Set<string>();
  for (const pool of pools) {
    const where = `KafkaNodePool ${pool.metadata.name}`;
    if (pool.metadata.labels?.['strimzi.io/cluster'] !== name)
      problems.push(`${where}: label strimzi.io/cluster is not ${name}`);
    const poolRoles = at<string[]>(pool, 'spec', 'roles') ?? [];
    for (const role of poolRoles) {
      if (!ROLES.includes(role)) problems.push(`${where}: unknown role ${role}`);
      roles.add(role);
    }
    const replicas = at<number>(pool, 'spec', 'replicas');
    if (!Number.isInteger(replicas) || replicas < 1)
      problems.push(`${where}: spec.replicas must be a positive integer`);
    if (poolRoles.includes('broker')) brokers += replicas;
    const storage = at<{
      type?: string;
      volumes?: { id?: number; type?: string; size?: string; kraftMetadata?: string }[];
    }>(pool, 'spec', 'storage');
    if (!storage?.type) problems.push(`${where}: spec.storage.type is missing`);
    if (storage?.type === 'jbod') {
      const volumes = storage.volumes ?? [];
      if (volumes.length === 0) problems.push(`${where}: JBOD storage without volumes`);
      for (const volume of volumes) {
        if (volume.id === undefined || !volume.type)
          problems.push(`${where}: a volume lacks id or type`);
        if (volume.type === 'persistent-claim' && !volume.size)
          problems.push(`${where}: volume ${volume.id} lacks size`);
      }
      if (volumes.filter((volume) => volume.kraftMetadata === 'shared').length !== 1) {
        problems.push(
          `${where}: exactly one volume must hold the KRaft metadata (kraftMetadata: shared)`,
        );
      }
    }
  }
  for (const role of ROLES)
    if (!roles.has(role)) problems.push(`no node pool has the ${role} role`);

  const config = at<Record<string, unknown>>(kafka, 'spec', 'kafka', 'config') ?? {};
  for (const key of [
    'default.replication.factor',
    'offsets.topic.replication.factor',
    'transaction.state.log.replication.factor',
  ]) {
    if (Number(config[key]) > brokers)
      problems.push(`${key} is ${String(config[key])} but there are ${brokers} brokers`);
  }
  if (Number(config['min.insync.replicas']) > Number(config['default.replication.factor'])) {
    problems.push('min.insync.replicas is larger than default.replication.factor');
  }
  return problems;
}

describe.each(CLUSTER_NAMES)('Strimzi cluster for %s', (cluster) => {
  const objects = readManifests(`deploy/kafka/${cluster}/kafka.yaml`);

  it('runs Kafka in KRaft mode with node pools', () => {
    expect(checkCluster(objects)).toEqual([]);
  });

  it('is where the chart sends events', async () => {
    const [kafka] = ofKind(objects, 'Kafka');
    const plain = at<{ port: number; tls: boolean }[]>(kafka, 'spec', 'kafka', 'listeners').find(
      (listener) => !listener.tls,
    );
    const rendered = await render(CLUSTERS[cluster]);
    const component = ofKind(rendered, 'Component').find((item) => item.metadata.name === 'pubsub');
    const brokers = at<{ name: string; value: string }[]>(component, 'spec', 'metadata').find(
      (field) => field.name === 'brokers',
    )?.value;
    // deploy/minikube/up.sh and deploy/doks/README.md install the cluster into namespace kafka.
    expect(brokers).toBe(
      `${kafka?.metadata.name}-kafka-bootstrap.kafka.svc.cluster.local:${plain?.port}`,
    );
  });
});

describe('Kafka topics', () => {
  const topics = readManifests('deploy/kafka/topics.yaml');

  it('belong to the Strimzi cluster', () => {
    const [kafka] = ofKind(readManifests('deploy/kafka/minikube/kafka.yaml'), 'Kafka');
    for (const topic of topics) {
      expect(topic.kind).toBe('KafkaTopic');
      expect(topic.metadata.labels?.['strimzi.io/cluster'], topic.metadata.name).toBe(
        kafka?.metadata.name,
      );
      expect(at<number>(topic, 'spec', 'partitions'), topic.metadata.name).toBeGreaterThanOrEqual(
        1,
      );
    }
  });

  it('include every domain topic and every dead-letter topic', async () => {
    const names = topics.map(
      (topic) => at<string>(topic, 'spec', 'topicName') ?? topic.metadata.name,
    );
    for (const topic of Object.values(TOPICS)) expect(names).toContain(topic);
    const subscriptions = ofKind(await render(CLUSTERS.doks), 'Subscription');
    for (const subscription of subscriptions) {
      expect(names).toContain(at(subscription, 'spec', 'deadLetterTopic'));
    }
  });
});
