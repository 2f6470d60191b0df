import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BusEvent, EventPublisher } from '@fehrist/domain';
import pg from 'pg';

/**
 * Creates a database of its own on the test server, for tests that count every outbox row,
 * because relays of other test files' servers would publish them too. Needs CREATE DATABASE.
 */
export async function createDatabase(
  baseUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `fehrist_events_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await withClient(baseUrl, (client) => client.query(`create database "${name}"`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await withClient(baseUrl, (client) =>
        client.query(`drop database if exists "${name}" with (force)`),
      );
    },
  };
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface OutboxCounts {
  total: number;
  unpublished: number;
}

export function countOutbox(url: string): Promise<OutboxCounts> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<OutboxCounts>(
      `select count(*)::int as total,
              (count(*) filter (where published_at is null))::int as unpublished
         from outbox`,
    );
    return rows[0] as OutboxCounts;
  });
}

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
  description: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await sleep(intervalMs);
  }
}

/** A publisher that records each event it accepted, and that a test can make fail or wait. */
export class RecordingPublisher implements EventPublisher {
  readonly accepted: BusEvent[] = [];
  calls = 0;
  failing = false;
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;

  /** Makes the next publish calls wait until release(). */
  hold(): void {
    this.gate = new Promise((resolve) => {
      this.openGate = resolve;
    });
  }

  release(): void {
    this.openGate?.();
    this.gate = undefined;
  }

  async publish(events: BusEvent[]): Promise<void> {
    this.calls++;
    if (this.gate) await this.gate;
    if (this.failing) throw new Error('broker unavailable (test)');
    this.accepted.push(...events);
  }

  async close(): Promise<void> {}
}

/** Inserts `count` outbox rows directly, as a write transaction would. */
export async function insertOutboxRows(
  url: string,
  rows: { topic: string; key: string; payload: unknown }[],
): Promise<string[]> {
  return withClient(url, async (client) => {
    const { rows: inserted } = await client.query<{ id: string }>(
      `insert into outbox (topic, key, payload)
       select topic, key, payload from jsonb_to_recordset($1::jsonb)
         as row(topic text, key text, payload jsonb)
       returning id`,
      [JSON.stringify(rows)],
    );
    return inserted.map((row) => row.id);
  });
}

export interface PokeStream {
  /** The next poke's version, or null when none arrives within `timeoutMs`. */
  nextPoke(timeoutMs?: number): Promise<number | null>;
  close(): void;
}

/**
 * Opens a user's poke stream with the session cookie. Sessions live in the database, so the
 * cookie works on every server of one database, as behind a load balancer. A JWT would not,
 * because its issuer is one server's URL.
 */
export async function openPokeStream(
  baseUrl: string,
  userId: string,
  cookie: string,
): Promise<PokeStream> {
  const controller = new AbortController();
  const response = await fetch(new URL(`/api/${userId}/sync/events`, baseUrl), {
    headers: { cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (response.status !== 200 || !response.body) {
    throw new Error(`opening the event stream failed with ${response.status}`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let pendingRead: ReturnType<typeof reader.read> | undefined;

  async function nextPoke(timeoutMs = 5_000): Promise<number | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = /event: poke\ndata: (\{[^\n]*\})\n\n/.exec(buffer);
      if (match) {
        buffer = buffer.slice((match.index ?? 0) + match[0].length);
        return (JSON.parse(match[1] as string) as { version: number }).version;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) return null;
      pendingRead ??= reader.read();
      const result = await Promise.race([pendingRead, sleep(remaining).then(() => 'timeout')]);
      if (result === 'timeout') return null;
      pendingRead = undefined;
      const chunk = result as Awaited<ReturnType<typeof reader.read>>;
      if (chunk.done) return null;
      buffer += chunk.value;
    }
  }

  return { nextPoke, close: () => controller.abort() };
}
