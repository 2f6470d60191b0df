import {
  type BusEvent,
  type BusEventHandler,
  TASK_EVENT_SOURCES,
  TASK_EVENT_TYPES,
} from '@fehrist/domain';
import { z } from 'zod';
import type { AuditRecorder } from '../history/recorder';
import { moduleLogger } from '../logger';

const log = moduleLogger('events');

const TaskEventSchema = z.object({
  event_type: z.enum(TASK_EVENT_TYPES),
  task_id: z.uuid(),
  user_id: z.string().min(1),
  timestamp: z.iso.datetime({ offset: true }),
  // Events written before sync-api sent a source have none.
  source: z.enum(TASK_EVENT_SOURCES).optional(),
  task_data: z.looseObject({
    title: z.string(),
    version: z.number().int(),
  }),
});

/**
 * Handles `task-events`: stores each event once under its id. An event that can never be
 * stored (no outbox id, or not a task event) is dropped with a warning, because throwing would
 * deliver it again forever and hold up the events behind it. A database failure throws, so
 * the event is delivered again.
 */
export function taskEventHandler(recorder: AuditRecorder): BusEventHandler {
  return async (event: BusEvent) => {
    const eventId = /^\d{1,18}$/.test(event.id) ? Number(event.id) : Number.NaN;
    if (!Number.isSafeInteger(eventId)) {
      log.warn({ eventId: event.id }, 'task event without a numeric outbox id dropped');
      return;
    }
    const parsed = TaskEventSchema.safeParse(event.data);
    if (!parsed.success) {
      log.warn(
        { eventId: event.id, issues: parsed.error.issues.length },
        'invalid task event dropped',
      );
      return;
    }

    const data = parsed.data;
    const outcome = await recorder.record({
      eventId,
      eventType: data.event_type,
      taskId: data.task_id.toLowerCase(),
      userId: data.user_id,
      source: data.source,
      version: data.task_data.version,
      occurredAt: new Date(data.timestamp),
      taskData: data.task_data,
    });
    log.debug({ eventId: event.id, taskId: data.task_id, outcome }, 'task event handled');
  };
}
