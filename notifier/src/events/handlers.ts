import { type BusEvent, type BusEventHandler, TASK_EVENT_TYPES } from '@fehrist/domain';
import { z } from 'zod';
import { moduleLogger } from '../logger';
import type { ReminderPlanner } from '../reminder-sets';

const log = moduleLogger('events');

const instant = z.iso.datetime({ offset: true });

const ReminderEventSchema = z.object({
  task_id: z.uuid(),
  user_id: z.string().min(1),
  due_at: instant.nullable(),
  remind_ats: z.array(instant),
  version: z.number().int(),
});

const TaskEventSchema = z.object({
  event_type: z.enum(TASK_EVENT_TYPES),
  task_id: z.uuid(),
  user_id: z.string().min(1),
  task_data: z.object({
    version: z.number().int(),
    completed: z.boolean(),
    deleted: z.boolean(),
    due_at: instant.nullable(),
  }),
});

/**
 * Handles `reminders`: the event carries the task's whole set of pending instants, which
 * replaces what was scheduled for the task.
 */
export function reminderEventHandler(planner: ReminderPlanner): BusEventHandler {
  return async (event: BusEvent) => {
    const parsed = ReminderEventSchema.safeParse(event.data);
    if (!parsed.success) {
      // Throwing would redeliver a malformed event forever and hold up the rest of the partition.
      log.warn(
        { eventId: event.id, issues: parsed.error.issues.length },
        'invalid reminder event dropped',
      );
      return;
    }
    const data = parsed.data;
    await planner.apply({
      taskId: data.task_id.toLowerCase(),
      userId: data.user_id,
      version: data.version,
      dueAt: data.due_at,
      remindAts: data.remind_ats,
    });
  };
}

/**
 * Handles `task-events`: a task that ends up completed or deleted has no reminders left. The
 * reminder event of the same write carries the same empty set at the same version, so
 * whichever of the two arrives first cancels the jobs and the other is ignored as stale.
 */
export function taskEventHandler(planner: ReminderPlanner): BusEventHandler {
  return async (event: BusEvent) => {
    const parsed = TaskEventSchema.safeParse(event.data);
    if (!parsed.success) {
      log.warn(
        { eventId: event.id, issues: parsed.error.issues.length },
        'invalid task event dropped',
      );
      return;
    }
    const { task_id, user_id, task_data } = parsed.data;
    // A recurring task that moved to its next occurrence is neither; its reminder event
    // carries the new instants.
    if (!task_data.completed && !task_data.deleted) return;
    await planner.apply({
      taskId: task_id.toLowerCase(),
      userId: user_id,
      version: task_data.version,
      dueAt: task_data.due_at,
      remindAts: [],
    });
  };
}
