import type { Task } from '@fehrist/domain';
import type pg from 'pg';

// The notifier reads sync-api's `task` table directly and only reads it: sync-api owns the
// schema, and every write to a task goes through sync-api.
const SELECT_TASK = `
  select id, user_id, title, description, completed, completed_at, priority, tags,
         to_char(due_date, 'YYYY-MM-DD') as due_date, due_time, time_zone, due_at,
         recurrence, reminders, created_at, updated_at, version, deleted
    from task
   where id = $1`;

interface TaskRow {
  id: string;
  user_id: string;
  title: string;
  description: string;
  completed: boolean;
  completed_at: Date | null;
  priority: Task['priority'];
  tags: string[];
  due_date: string | null;
  due_time: string | null;
  time_zone: string;
  due_at: Date | null;
  recurrence: Task['recurrence'];
  reminders: Task['reminders'] | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  deleted: boolean;
}

export interface StoredTask {
  userId: string;
  task: Task;
}

/** Reads a task as stored now, deleted ones included, or undefined when there is no such row. */
export async function readTask(db: pg.Pool, taskId: string): Promise<StoredTask | undefined> {
  const { rows } = await db.query<TaskRow>(SELECT_TASK, [taskId]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    userId: row.user_id,
    task: {
      id: row.id,
      title: row.title,
      description: row.description,
      completed: row.completed,
      completed_at: row.completed_at?.toISOString() ?? null,
      priority: row.priority,
      tags: row.tags,
      due_date: row.due_date,
      due_time: row.due_time,
      time_zone: row.time_zone,
      due_at: row.due_at?.toISOString() ?? null,
      recurrence: row.recurrence ?? null,
      reminders: row.reminders ?? [],
      created_at: row.created_at.toISOString(),
      updated_at: row.updated_at.toISOString(),
      version: row.version,
      deleted: row.deleted,
    },
  };
}
