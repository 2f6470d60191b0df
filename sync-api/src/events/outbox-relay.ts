import { setTimeout as sleep } from 'node:timers/promises';
import type { BusEvent, EventPublisher, Topic } from '@fehrist/domain';
import pg from 'pg';
import { moduleLogger } from '../logger';
import { backoffDelay, pause } from './backoff';

const log = moduleLogger('outbox-relay');

/**
 * Key of the session-level advisory lock that the publishing relay holds; the ASCII bytes of
 * "fehr". Every replica uses the same key, so one relay publishes at a time.
 */
export const OUTBOX_RELAY_LOCK_KEY = 0x66656872;

/** Published rows are deleted in chunks of this many, so no delete holds locks for long. */
const PURGE_CHUNK = 5_000;
const PURGE_INTERVAL_MS = 60 * 60_000;
const QUERY_TIMEOUT_MS = 60_000;

/** An outbox row as the relay hands it to a publisher. */
export interface OutboxEvent extends BusEvent {
  /** ISO 8601 instant the row was written, in the transaction of the change it describes. */
  time: string;
}

export interface OutboxLag {
  /** Rows not yet published. */
  count: number;
  /** Age of the oldest unpublished row in milliseconds, or null when there is none. */
  oldestAgeMs: number | null;
}

export interface OutboxRelayTuning {
  batchSize: number;
  /** How often the lock holder looks for rows when nothing woke it. */
  pollIntervalMs: number;
  /** How often a relay without the lock tries to take it. */
  lockRetryMs: number;
  /** First and largest delay between attempts after a failure. */
  retryInitialMs: number;
  retryMaxMs: number;
  /** Published rows older than this are deleted; 0 keeps them. */
  retentionHours: number;
  /** How long close() waits for a publish in flight before it lets go of the lock. */
  closeTimeoutMs: number;
}

export const DEFAULT_RELAY_TUNING: OutboxRelayTuning = {
  batchSize: 500,
  pollIntervalMs: 1_000,
  lockRetryMs: 5_000,
  retryInitialMs: 500,
  retryMaxMs: 30_000,
  retentionHours: 168,
  closeTimeoutMs: 5_000,
};

export interface OutboxRelayOptions {
  /** The relay opens one connection of its own from this URL; the advisory lock lives on it. */
  databaseUrl: string;
  /** Pool for outboxLag(), which works on every replica, lock holder or not. */
  pool: pg.Pool;
  publisher: EventPublisher;
  tuning?: Partial<OutboxRelayTuning>;
}

interface OutboxQueryRow {
  id: string;
  topic: string;
  key: string;
  payload: unknown;
  created_at: Date;
}

/** A publish that failed, with the outbox ids it carried, for the log line. */
class PublishFailure extends Error {
  readonly ids: string[];

  constructor(ids: string[], cause: unknown) {
    super('publishing outbox events failed', { cause });
    this.ids = ids;
  }
}

/**
 * Publishes outbox rows in id order, at least once. Only the relay with the advisory lock
 * publishes. The others try to take it every `lockRetryMs`, so a replica that stops hands over
 * within that time. A row is marked published only after `publish` resolved, and a failed
 * publish leaves the whole batch for the next attempt, after a backoff.
 *
 * Ids come from one sequence, but a transaction may commit after one with a higher id. The
 * relay reads every unpublished row each time, so such a row is published late, never lost.
 * Rows of one task keep their order, because writes of one user hold that user's row lock
 * from insert to commit.
 */
export class OutboxRelay {
  private readonly options: OutboxRelayOptions;
  private readonly tuning: OutboxRelayTuning;
  private readonly stopping = new AbortController();
  private client: pg.Client | undefined;
  private holdsLock = false;
  private standingBy = false;
  private woken = false;
  private wakeUp: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private lastPurge = 0;

  constructor(options: OutboxRelayOptions) {
    this.options = options;
    this.tuning = { ...DEFAULT_RELAY_TUNING, ...options.tuning };
  }

  start(): void {
    if (this.loop) return;
    log.info({ batchSize: this.tuning.batchSize }, 'outbox relay started');
    this.loop = this.run();
  }

  /** Publishes soon: called after a transaction that wrote outbox rows has committed. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Count and age of the unpublished rows, across every replica's writes. */
  async outboxLag(): Promise<OutboxLag> {
    const { rows } = await this.options.pool.query<{ count: number; age_ms: number | null }>(
      `select count(*)::int as count,
              (extract(epoch from now() - min(created_at)) * 1000)::float8 as age_ms
         from outbox where published_at is null`,
    );
    const row = rows[0];
    return {
      count: row?.count ?? 0,
      oldestAgeMs: row?.age_ms == null ? null : Math.max(0, Math.round(row.age_ms)),
    };
  }

  /** Stops the loop and releases the lock; a publish in flight gets `closeTimeoutMs` to finish. */
  async close(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    this.stopping.abort();
    this.wakeUp?.();
    if (this.loop) {
      const finished = await Promise.race([
        this.loop.then(() => true),
        sleep(this.tuning.closeTimeoutMs).then(() => false),
      ]);
      if (!finished) {
        log.warn(
          { waitedMs: this.tuning.closeTimeoutMs },
          'a publish was still in flight at shutdown; its rows stay unpublished and go out again',
        );
      }
    }
    await this.disconnect();
    log.info('outbox relay stopped');
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        const client = await this.connection();
        if (!(await this.takeLock(client))) {
          await this.idle(this.tuning.lockRetryMs, false);
          continue;
        }

        const published = await this.relayBatch(client);
        if (failures > 0)
          log.info({ failedAttempts: failures }, 'outbox relay is publishing again');
        failures = 0;

        await this.purgeIfDue(client);
        // A full batch means more rows are probably waiting.
        if (published < this.tuning.batchSize) await this.idle(this.tuning.pollIntervalMs, true);
      } catch (error) {
        if (this.stopped) break;
        failures++;
        const retryInMs = backoffDelay(failures, {
          initialMs: this.tuning.retryInitialMs,
          maxMs: this.tuning.retryMaxMs,
        });
        if (error instanceof PublishFailure) {
          log.error(
            {
              err: error.cause,
              count: error.ids.length,
              firstEventId: error.ids[0],
              lastEventId: error.ids.at(-1),
              attempt: failures,
              retryInMs,
            },
            'publishing outbox events failed; they stay unpublished and are retried',
          );
        } else {
          log.error(
            { err: error, attempt: failures, retryInMs },
            'outbox relay database query failed; reconnecting',
          );
          await this.disconnect();
        }
        await pause(retryInMs, this.stopping.signal);
      }
    }
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({
      connectionString: this.options.databaseUrl,
      application_name: 'fehrist-outbox-relay',
      // The lock connection sits idle between polls; keepalives notice a dead peer, and the
      // timeout ends a query that would otherwise wait on it forever.
      keepAlive: true,
      query_timeout: QUERY_TIMEOUT_MS,
    });
    // A dropped connection also drops the lock, so the next round reconnects and tries to take it.
    client.on('error', (error) => {
      log.warn({ err: error }, 'outbox relay database connection failed');
      if (this.client === client) this.forget();
    });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }

  private async takeLock(client: pg.Client): Promise<boolean> {
    if (this.holdsLock) return true;
    const { rows } = await client.query<{ locked: boolean }>(
      'select pg_try_advisory_lock($1::bigint) as locked',
      [OUTBOX_RELAY_LOCK_KEY],
    );
    this.holdsLock = rows[0]?.locked === true;
    if (this.holdsLock) {
      this.standingBy = false;
      log.info('outbox relay took the lock; publishing');
    } else if (!this.standingBy) {
      this.standingBy = true;
      log.info(
        { retryMs: this.tuning.lockRetryMs },
        'another relay holds the outbox lock; standing by',
      );
    }
    return this.holdsLock;
  }

  /** Publishes one batch of unpublished rows and marks them; returns how many there were. */
  private async relayBatch(client: pg.Client): Promise<number> {
    // Rows committed after this point wake the relay again, so clear the flag before reading.
    this.woken = false;
    const { rows } = await client.query<OutboxQueryRow>(
      `select id, topic, key, payload, created_at from outbox
        where published_at is null order by id limit $1`,
      [this.tuning.batchSize],
    );
    if (rows.length === 0) return 0;

    const events = rows.map(toEvent);
    const ids = events.map((event) => event.id);
    try {
      await this.options.publisher.publish(events);
    } catch (error) {
      throw new PublishFailure(ids, error);
    }

    await client.query('update outbox set published_at = now() where id = any($1::bigint[])', [
      ids,
    ]);
    log.debug({ count: ids.length, firstEventId: ids[0], lastEventId: ids.at(-1) }, 'published');
    return rows.length;
  }

  private async purgeIfDue(client: pg.Client): Promise<void> {
    const hours = this.tuning.retentionHours;
    if (hours === 0 || Date.now() - this.lastPurge < PURGE_INTERVAL_MS) return;
    this.lastPurge = Date.now();

    let deleted = 0;
    for (;;) {
      const result = await client.query(
        `delete from outbox where id in (
           select id from outbox
            where published_at < now() - make_interval(hours => $1::int)
            order by id limit $2)`,
        [hours, PURGE_CHUNK],
      );
      deleted += result.rowCount ?? 0;
      if ((result.rowCount ?? 0) < PURGE_CHUNK || this.stopped) break;
    }
    if (deleted > 0) log.info({ deleted, retentionHours: hours }, 'deleted old published events');
  }

  /** Waits `ms`, or until the relay stops; `wakeable` also ends the wait on wake(). */
  private async idle(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopped) return;
    if (wakeable && this.woken) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.stopping.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      if (wakeable) this.wakeUp = done;
      this.stopping.signal.addEventListener('abort', done, { once: true });
    });
  }

  private forget(): void {
    this.client = undefined;
    this.holdsLock = false;
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    const heldLock = this.holdsLock;
    this.forget();
    if (!client) return;
    if (heldLock) {
      await client
        .query('select pg_advisory_unlock($1::bigint)', [OUTBOX_RELAY_LOCK_KEY])
        .catch(() => undefined);
      log.info('outbox relay released the lock');
    }
    await client.end().catch(() => undefined);
  }
}

function toEvent(row: OutboxQueryRow): OutboxEvent {
  return {
    id: String(row.id),
    topic: row.topic as Topic,
    key: row.key,
    data: row.payload,
    time: row.created_at.toISOString(),
  };
}
