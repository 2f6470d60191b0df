import type { BusEvent, BusEventHandler, EventPublisher, EventSubscriber, Topic } from './events';

/**
 * The event bus of the embedded start: one process, no broker. Each consumer group gets
 * every event once, and `publish` waits for the handlers, so an event whose handler failed
 * stays unpublished in the outbox and is sent again.
 */
export class InProcessEventBus implements EventPublisher, EventSubscriber {
  private readonly groups = new Map<Topic, Map<string, BusEventHandler[]>>();

  async subscribe(topic: Topic, group: string, handler: BusEventHandler): Promise<void> {
    const byGroup = this.groups.get(topic) ?? new Map<string, BusEventHandler[]>();
    byGroup.set(group, [...(byGroup.get(group) ?? []), handler]);
    this.groups.set(topic, byGroup);
  }

  async publish(events: BusEvent[]): Promise<void> {
    for (const event of events) {
      const byGroup = this.groups.get(event.topic);
      if (!byGroup) continue;
      // Within a group, members take turns by key, as partitions of a topic would.
      const deliveries = [...byGroup.values()].map((handlers) => {
        const handler = handlers[hashKey(event.key) % handlers.length];
        return handler ? handler(event) : Promise.resolve();
      });
      await Promise.all(deliveries);
    }
  }

  async close(): Promise<void> {
    this.groups.clear();
  }
}

function hashKey(key: string): number {
  let hash = 0;
  for (let index = 0; index < key.length; index++) {
    hash = (hash * 31 + key.charCodeAt(index)) >>> 0;
  }
  return hash;
}
