export { type Config, loadConfig } from './config';
export type { FireResult, ReminderOccurrence } from './delivery';
export { DaprEventSubscriber, type DaprSubscription } from './events/dapr-subscriber';
export { KafkaEventSubscriber } from './events/kafka-subscriber';
export {
  NOTIFIER_GROUP,
  type NotifierOptions,
  type RunningNotifier,
  startNotifier,
} from './notifier';
export { buildReminderPayload, type ReminderPayload } from './push/payload';
export { parseReminderJobName, reminderJobName } from './scheduler/dapr-jobs';
