import type { Priority, Task } from '@fehrist/domain';
import type { FehristDatabase } from '../store/db';
import type { mutate } from '../store/mutate';
import type { SyncClient } from '../sync/client';

export interface NewTask {
  title: string;
  tags?: string[];
  priority?: Priority;
  due_date?: string | null;
  due_time?: string | null;
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
  >
>;

/** The edits the UI makes; each runs a domain mutator locally and schedules a push. */
export interface TaskActions {
  create(task: NewTask): Promise<string>;
  update(id: string, patch: TaskPatch): Promise<void>;
  complete(id: string, completed: boolean): Promise<void>;
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
    complete: (id, completed) => run('completeTask', { id, completed }),
    remove: (id) => run('deleteTask', { id }),
  };
}

/** Returns the user's IANA time zone as the browser reports it. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
