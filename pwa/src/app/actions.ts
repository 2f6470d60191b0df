import type { Priority, RecurrenceMode, Reminder, Task } from '@fehrist/domain';
import type { FehristDatabase } from '../store/db';
import type { mutate } from '../store/mutate';
import type { SyncClient } from '../sync/client';

export interface NewTask {
  title: string;
  description?: string;
  tags?: string[];
  priority?: Priority;
  due_date?: string | null;
  due_time?: string | null;
  recurrence?: { rrule: string; from: RecurrenceMode } | null;
  reminders?: Reminder[];
}

export type TaskPatch = Partial<
  Pick<
    Task,
    | 'title'
    | 'description'
    | 'priority'
    | 'tags'
    | 'due_date'
    | 'due_time'
    | 'time_zone'
    | 'completed'
  > & {
    /** The client's form of `recurrence`: the mutator keeps `anchor_date` and `occurrence`. */
    recurrence: { rrule: string; from: RecurrenceMode } | null;
    reminders: Reminder[];
  }
>;

/** The task as the UI showed it, with the fields completing needs. */
export type CompletedTask = Pick<Task, 'id' | 'due_date'> & { recurrence: object | null };

/** The edits the UI makes; each runs a domain mutator locally and schedules a push. */
export interface TaskActions {
  create(task: NewTask): Promise<string>;
  update(id: string, patch: TaskPatch): Promise<void>;
  /**
   * Completes or reopens a task. For a recurring task it sends the due date the UI showed as
   * `occurrence_date`, so completing an occurrence that another device already completed does
   * not skip a second one.
   */
  complete(task: CompletedTask, completed: boolean): Promise<void>;
  remove(id: string): Promise<void>;
}

let mutateModule: Promise<typeof import('../store/mutate')> | undefined;

/**
 * Loads the mutators in their own chunk, once, so the list can render before they arrive. The
 * first edit waits for the import; later edits reuse the loaded module.
 */
export function loadMutators(): Promise<typeof import('../store/mutate')> {
  mutateModule ??= import('../store/mutate');
  return mutateModule;
}

export function createTaskActions(
  db: FehristDatabase,
  client: SyncClient,
  userZone: string,
): TaskActions {
  const run = async (name: Parameters<typeof mutate>[1], args: Record<string, unknown>) => {
    const { mutate } = await loadMutators();
    const result = await mutate(db, name, args);
    if (result.mutationID !== undefined) client.schedulePush();
  };
  return {
    async create(task) {
      const id = crypto.randomUUID();
      await run('createTask', { id, time_zone: userZone, ...task });
      return id;
    },
    update: (id, patch) => run('updateTask', { id, ...patch }),
    complete: (task, completed) =>
      run('completeTask', {
        id: task.id,
        completed,
        ...(completed && task.recurrence && task.due_date
          ? { occurrence_date: task.due_date }
          : {}),
      }),
    remove: (id) => run('deleteTask', { id }),
  };
}

/** Returns the user's IANA time zone as the browser reports it. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
