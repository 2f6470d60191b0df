import { PRIORITY_RANK, searchText, type Task, tagKey, titleKey } from '@fehrist/domain';
import type { TaskRow } from '../db/entities';

export function rowToTask(row: TaskRow): Task {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    completed: row.completed,
    completed_at: row.completed_at ? row.completed_at.toISOString() : null,
    priority: row.priority as Task['priority'],
    tags: row.tags,
    due_date: row.due_date,
    due_time: row.due_time,
    time_zone: row.time_zone,
    due_at: row.due_at ? row.due_at.toISOString() : null,
    recurrence: row.recurrence ?? null,
    reminders: row.reminders ?? [],
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    version: row.version,
    deleted: row.deleted,
  };
}

/** The columns stored for a task, including the keys the query model filters and sorts on. */
export function taskToRow(task: Task, userId: string, version: number): TaskRow {
  return {
    id: task.id,
    user_id: userId,
    title: task.title,
    description: task.description,
    completed: task.completed,
    completed_at: task.completed_at ? new Date(task.completed_at) : null,
    priority: task.priority,
    priority_rank: PRIORITY_RANK[task.priority],
    tags: task.tags,
    tag_keys: task.tags.map(tagKey),
    title_key: titleKey(task),
    search_text: searchText(task),
    due_date: task.due_date,
    due_time: task.due_time,
    time_zone: task.time_zone,
    due_at: task.due_at ? new Date(task.due_at) : null,
    recurrence: task.recurrence,
    reminders: task.reminders,
    created_at: new Date(task.created_at),
    updated_at: new Date(task.updated_at),
    version,
    deleted: task.deleted,
  };
}
