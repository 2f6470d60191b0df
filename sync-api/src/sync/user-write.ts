import {
  applyMutation,
  MutationError,
  type MutationOutcome,
  mutationTaskId,
  type ReminderEvent,
  reminderInstants,
  type Task,
  type TaskEvent,
  type TaskEventSource,
  type TaskUpdateEvent,
  TOPICS,
} from '@fehrist/domain';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { OutboxEntity, type OutboxRow, TaskEntity, type TaskRow } from '../db/entities';
import { moduleLogger } from '../logger';
import { rowToTask, taskToRow } from '../tasks/task-row';
import type { PokeHub } from './pokes';

const log = moduleLogger('user-write');

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** SQLSTATEs worth retrying: serialization failure and deadlock. */
const RETRYABLE_CODES = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

export type Clock = () => Date;

export interface WriteContext {
  orm: MikroORM;
  pokes: PokeHub;
  clock: Clock;
  /** `HH:MM` a "minutes before" reminder counts from on a date-only due. */
  dateOnlyReminderTime: string;
  /** Called after a transaction that wrote outbox rows has committed; wakes the outbox relay. */
  onOutboxCommit?: () => void;
}

/**
 * One write transaction for one user. Every task stored through it gets the same new
 * version of that user, and its events go to the outbox in the same transaction.
 */
export class UserWrite {
  readonly em: EntityManager;
  readonly userId: string;
  readonly version: number;
  /** Where the changes come from; `apply` can name another for one mutation. */
  readonly source: TaskEventSource;
  private readonly clock: Clock;
  private readonly dateOnlyReminderTime: string;
  private changed = false;
  private readonly rows = new Map<string, TaskRow | null>();

  constructor(
    em: EntityManager,
    userId: string,
    version: number,
    source: TaskEventSource,
    context: WriteContext,
  ) {
    this.em = em;
    this.userId = userId;
    this.version = version;
    this.source = source;
    this.clock = context.clock;
    this.dateOnlyReminderTime = context.dateOnlyReminderTime;
  }

  get hasChanges(): boolean {
    return this.changed;
  }

  markChanged(): void {
    this.changed = true;
  }

  /** Loads the tasks a batch of mutations addresses with one query. */
  async prefetch(ids: string[]): Promise<void> {
    const wanted = [...new Set(ids.map((id) => id.toLowerCase()))].filter(
      (id) => UUID_PATTERN.test(id) && !this.rows.has(id),
    );
    if (wanted.length === 0) return;
    const found = await this.em.find(TaskEntity, { id: { $in: wanted } });
    for (const id of wanted) this.rows.set(id, null);
    for (const row of found) this.rows.set(row.id, row);
  }

  /** The user's own task with that id, deleted ones included; another user's reads as absent. */
  async findTask(id: string): Promise<Task | undefined> {
    const row = await this.findRow(id);
    return row && row.user_id === this.userId ? rowToTask(row) : undefined;
  }

  /** Runs a domain mutator against the stored task and stores the result. */
  async apply(
    name: string,
    args: unknown,
    source: TaskEventSource = this.source,
  ): Promise<MutationOutcome> {
    const id = mutationTaskId(name, args);
    const row = await this.findRow(id);
    if (row && row.user_id !== this.userId) {
      if (name === 'createTask') {
        throw new MutationError('invalid', `id ${id} is already in use; make a new UUID`, [
          { field: 'id', message: 'id is already in use; make a new UUID' },
        ]);
      }
      throw new MutationError('not_found', `task ${id} was not found`);
    }

    const outcome = applyMutation(name, args, row ? rowToTask(row) : undefined, {
      now: this.clock(),
    });
    if (outcome.kind === 'put') this.store(outcome.task, row ?? undefined, outcome.event, source);
    return outcome;
  }

  private async findRow(id: string): Promise<TaskRow | null> {
    const key = id.toLowerCase();
    if (!UUID_PATTERN.test(key)) return null;
    if (!this.rows.has(key)) await this.prefetch([key]);
    return this.rows.get(key) ?? null;
  }

  private store(
    task: Task,
    existing: TaskRow | undefined,
    event: TaskEvent['event_type'],
    source: TaskEventSource,
  ): void {
    const before = existing ? reminderInstants(rowToTask(existing), this.dateOnlyReminderTime) : [];
    const values = taskToRow(task, this.userId, this.version);
    if (existing) {
      this.em.assign(existing, values);
    } else {
      const row = this.em.create(TaskEntity, values);
      this.rows.set(row.id, row);
    }

    const stored = { ...task, version: this.version };
    const taskEvent: TaskEvent = {
      event_type: event,
      task_id: task.id,
      task_data: stored,
      user_id: this.userId,
      timestamp: task.updated_at,
      source,
    };
    this.addOutbox(TOPICS.taskEvents, task.id, taskEvent);

    // The reminder jobs follow the instants, so an event goes out only when they change.
    const after = reminderInstants(stored, this.dateOnlyReminderTime);
    if (after.join() !== before.join()) {
      const reminderEvent: ReminderEvent = {
        task_id: task.id,
        user_id: this.userId,
        title: task.title,
        due_at: task.due_at,
        remind_at: after[0] ?? null,
        remind_ats: after,
        time_zone: task.time_zone,
        version: this.version,
      };
      this.addOutbox(TOPICS.reminders, task.id, reminderEvent);
    }
    this.changed = true;
  }

  /** Appends an event to the outbox, in this transaction. */
  addOutbox(topic: OutboxRow['topic'], key: string, payload: unknown): void {
    const row: OutboxRow = { topic, key, payload, created_at: this.clock(), published_at: null };
    this.em.create(OutboxEntity, row);
  }
}

/**
 * Runs `work` in a transaction that holds the user's version row locked, so writes of
 * one user apply one at a time in server order. Commits bump the version only when
 * something changed, then poke the user's streams and wake the outbox relay. `source` goes
 * into the task events of the write.
 */
export async function runUserWrite<T>(
  context: WriteContext,
  userId: string,
  source: TaskEventSource,
  work: (write: UserWrite) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      let committedVersion: number | undefined;
      const result = await context.orm.em.fork().transactional(async (em) => {
        const version = await lockUserVersion(em, userId);
        const write = new UserWrite(em, userId, version + 1, source, context);
        const value = await work(write);
        if (write.hasChanges) {
          const update: TaskUpdateEvent = { user_id: userId, version: write.version };
          write.addOutbox(TOPICS.taskUpdates, userId, update);
          await em.flush();
          await em.execute('update "sync_user" set "version" = ? where "user_id" = ?', [
            write.version,
            userId,
          ]);
          committedVersion = write.version;
        }
        return value;
      });
      if (committedVersion !== undefined) {
        context.pokes.poke(userId, committedVersion);
        context.onOutboxCommit?.();
      }
      return result;
    } catch (error) {
      if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
      log.warn({ err: error, userId, attempt }, 'write transaction conflicted; retrying');
    }
  }
}

async function lockUserVersion(em: EntityManager, userId: string): Promise<number> {
  await em.execute(
    'insert into "sync_user" ("user_id", "version") values (?, 0) on conflict do nothing',
    [userId],
  );
  const [row] = await em.execute<{ version: string }[]>(
    'select "version" from "sync_user" where "user_id" = ? for update',
    [userId],
  );
  return Number(row?.version ?? 0);
}

function isRetryable(error: unknown): boolean {
  const code =
    (error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' && RETRYABLE_CODES.has(code);
}
