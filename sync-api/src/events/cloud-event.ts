import type { BusEvent } from '@fehrist/domain';
import type { OutboxEvent } from './outbox-relay';

/** The `source` attribute of every event this service publishes. */
export const EVENT_SOURCE = 'fehrist/sync-api';

/** A CloudEvents 1.0 event in the structured JSON format (`application/cloudevents+json`). */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  /** The outbox row id, unique per event, so consumers can drop redeliveries. */
  id: string;
  source: string;
  type: string;
  datacontenttype: 'application/json';
  /** The event key: the task id, or the user id on `task-updates`. */
  subject: string;
  time: string;
  data: T;
}

/**
 * The event type, `fehrist.<topic>.<event_type>`: for example `fehrist.task-events.completed`,
 * or `fehrist.reminders.changed` for topics whose payload has no `event_type`.
 */
export function eventType(event: BusEvent): string {
  const data = event.data as { event_type?: unknown } | null;
  const kind = typeof data?.event_type === 'string' ? data.event_type : 'changed';
  return `fehrist.${event.topic}.${kind}`;
}

/** When the change happened: the outbox row's time, or now for events that have none. */
export function eventTime(event: BusEvent): string {
  const time = (event as Partial<OutboxEvent>).time;
  return typeof time === 'string' ? time : new Date().toISOString();
}

export function toCloudEvent(event: BusEvent): CloudEvent {
  return {
    specversion: '1.0',
    id: event.id,
    source: EVENT_SOURCE,
    type: eventType(event),
    datacontenttype: 'application/json',
    subject: event.key,
    time: eventTime(event),
    data: event.data,
  };
}
