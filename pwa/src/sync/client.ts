import type { FehristDatabase } from '../store/db';
import { type BackoffOptions, DEFAULT_BACKOFF, retryDelay } from './backoff';
import { type FetchLike, SyncHttpError } from './http';
import { defaultLocks, type LockManagerLike } from './lock';
import { browserEventSource, type EventSourceFactory, openPokeStream } from './poke';
import { pullChanges } from './pull';
import { pushPending, type SyncContext, syncUrl } from './push';
import { renumberQueue } from './renumber';
import { INITIAL_STATUS, type SyncError, type SyncErrorKind, type SyncStatus } from './status';

export interface SyncClientOptions {
  db: FehristDatabase;
  userID: string;
  fetch?: FetchLike;
  baseUrl?: string;
  /** Shared by every tab of the origin, so one sync runs at a time across tabs. */
  locks?: LockManagerLike;
  /** null disables the poke stream (tests that drive pulls themselves). */
  createEventSource?: EventSourceFactory | null;
  random?: () => number;
  backoff?: BackoffOptions;
  /** Delay between an edit and its push, so a burst of edits goes in one request. */
  pushDelayMs?: number;
  /** Interval of the background pull while the page is visible. */
  pullIntervalMs?: number;
  /** The target of `online`, `focus` and `pagehide` events; null in tests. */
  window?: Window | null;
}

const KEEPALIVE_BATCH = 50;

/**
 * Keeps one user's database in sync with the server: pushes the queue, pulls with the cookie
 * and rebases. It runs on start, on pokes, on `online` and focus, at an interval, and soon
 * after each edit. It retries with backoff and never drops a queued mutation.
 */
export class SyncClient {
  readonly #db: FehristDatabase;
  readonly #userID: string;
  readonly #context: SyncContext;
  readonly #locks: LockManagerLike;
  readonly #createEventSource: EventSourceFactory | null;
  readonly #random: () => number;
  readonly #backoff: BackoffOptions;
  readonly #pushDelayMs: number;
  readonly #pullIntervalMs: number;
  readonly #window: Window | null;

  #status: SyncStatus = INITIAL_STATUS;
  readonly #listeners = new Set<(status: SyncStatus) => void>();
  #stopped = true;
  #running: Promise<void> | null = null;
  #runAgain = false;
  #failures = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #pushTimer: ReturnType<typeof setTimeout> | undefined;
  #cleanups: Array<() => void> = [];

  constructor(options: SyncClientOptions) {
    this.#db = options.db;
    this.#userID = options.userID;
    this.#context = {
      db: options.db,
      userID: options.userID,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      baseUrl: options.baseUrl ?? '',
    };
    this.#locks = options.locks ?? defaultLocks();
    this.#createEventSource =
      options.createEventSource === undefined ? browserEventSource : options.createEventSource;
    this.#random = options.random ?? Math.random;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#pushDelayMs = options.pushDelayMs ?? 300;
    this.#pullIntervalMs = options.pullIntervalMs ?? 60_000;
    this.#window = options.window === undefined ? globalThis.window : options.window;
  }

  get status(): SyncStatus {
    return this.#status;
  }

  subscribe(listener: (status: SyncStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts the triggers and runs a first sync. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#attachTriggers();
    this.#leadPokeStream();
    void this.sync();
  }

  /** Stops every trigger; a sync in flight sends nothing more and applies no pull. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#pushTimer);
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }

  /** Clears an authentication error after the user signed in again, then syncs. */
  resume(): void {
    this.#failures = 0;
    this.#setStatus({ ...this.#status, error: null });
    void this.sync();
  }

  /** Pushes soon: called after each local edit. */
  schedulePush(): void {
    if (this.#stopped) return;
    clearTimeout(this.#pushTimer);
    this.#pushTimer = setTimeout(() => void this.sync(), this.#pushDelayMs);
  }

  /**
   * Runs push then pull, one run at a time. A call during a run makes the run go once more,
   * and the returned promise settles after both.
   */
  sync(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    if (this.#running) {
      this.#runAgain = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#runAgain = false;
          await this.#runCycle();
        } while (this.#runAgain && !this.#stopped && this.#status.error === null);
      } finally {
        this.#running = null;
      }
    })();
    return this.#running;
  }

  /**
   * Sends the queue with `keepalive` as the page is hidden or unloaded, without waiting for a
   * pull: the next start pulls. A failure here leaves the queue as it was.
   */
  flush(): void {
    if (this.#stopped || this.#running) return;
    void this.#locks
      .request(this.#lockName('sync'), () =>
        pushPending(this.#context, { keepalive: true, maxBatch: KEEPALIVE_BATCH }),
      )
      .catch(() => undefined);
  }

  async #runCycle(): Promise<void> {
    clearTimeout(this.#retryTimer);
    this.#setStatus({ ...this.#status, running: true });
    try {
      await this.#locks.request(this.#lockName('sync'), async () => {
        if (this.#stopped) return;
        await this.#pushWithGapRecovery();
        if (this.#stopped) return;
        await pullChanges(this.#context);
      });
      this.#failures = 0;
      this.#setStatus({ running: false, error: null, lastSyncedAt: Date.now() });
    } catch (error) {
      this.#handleFailure(error);
    }
  }

  /**
   * Pushes the queue. A 409 means the server is missing earlier mutations of this client, so it
   * pushes again after a normal pull, then after a full one, and last under a new client id.
   */
  async #pushWithGapRecovery(): Promise<void> {
    const recoveries = [
      () => pullChanges(this.#context),
      () => pullChanges(this.#context, { fromScratch: true }),
      () => renumberQueue(this.#db),
    ];
    for (let attempt = 0; ; attempt++) {
      try {
        await pushPending(this.#context);
        return;
      } catch (error) {
        const recover = recoveries[attempt];
        if (!isGap(error) || !recover || this.#stopped) throw error;
        console.warn(`[sync] push returned 409 (mutation id gap); recovery step ${attempt + 1}`);
        await recover();
      }
    }
  }

  #handleFailure(error: unknown): void {
    const kind = classify(error);
    this.#failures += 1;
    const retryAt =
      kind === 'auth' || this.#stopped
        ? null
        : Date.now() + retryDelay(this.#failures, this.#random, this.#backoff);
    const syncError: SyncError = {
      kind,
      status: error instanceof SyncHttpError ? error.status : null,
      detail: error instanceof SyncHttpError ? (error.detail ?? null) : describe(error),
      failures: this.#failures,
      retryAt,
    };
    console.warn(`[sync] sync failed (${kind}, attempt ${this.#failures})`, error);
    this.#setStatus({ ...this.#status, running: false, error: syncError });

    if (retryAt !== null) {
      this.#retryTimer = setTimeout(() => void this.sync(), retryAt - Date.now());
    }
  }

  #attachTriggers(): void {
    const target = this.#window;
    if (!target) return;
    const listen = (on: EventTarget, type: string, handler: () => void) => {
      on.addEventListener(type, handler);
      this.#cleanups.push(() => on.removeEventListener(type, handler));
    };

    listen(target, 'online', () => {
      this.#failures = 0;
      void this.sync();
    });
    listen(target, 'focus', () => void this.sync());
    listen(target, 'pagehide', () => this.flush());
    listen(target.document, 'visibilitychange', () => {
      if (target.document.visibilityState === 'hidden') this.flush();
      else void this.sync();
    });

    const interval = setInterval(() => {
      if (target.document.visibilityState === 'visible') void this.sync();
    }, this.#pullIntervalMs);
    this.#cleanups.push(() => clearInterval(interval));
  }

  /**
   * Opens the poke stream in one tab only: the tab holding the leader lock. When that tab
   * closes, the browser hands the lock to another tab, which opens the stream in turn.
   */
  #leadPokeStream(): void {
    const createEventSource = this.#createEventSource;
    if (!createEventSource) return;

    let releaseLeadership: (() => void) | undefined;
    let closeStream: (() => void) | undefined;
    this.#cleanups.push(() => {
      closeStream?.();
      releaseLeadership?.();
    });

    void this.#locks.request(
      this.#lockName('poke-leader'),
      () =>
        new Promise<void>((resolve) => {
          if (this.#stopped) return resolve();
          releaseLeadership = resolve;
          const url = syncUrl(this.#context, 'events');
          closeStream = openPokeStream(url, () => void this.sync(), createEventSource);
        }),
    );
  }

  #lockName(purpose: string): string {
    return `fehrist-${purpose}-${this.#userID}`;
  }

  #setStatus(status: SyncStatus): void {
    this.#status = status;
    for (const listener of this.#listeners) listener(status);
  }
}

function isGap(error: unknown): boolean {
  return error instanceof SyncHttpError && error.status === 409;
}

function classify(error: unknown): SyncErrorKind {
  if (error instanceof SyncHttpError) {
    if (error.status === 401 || error.status === 403) return 'auth';
    if (error.status === 400 || error.status === 409 || error.status === 422) return 'client';
    return 'server';
  }
  // fetch rejects with a TypeError when the network is down or the request was blocked.
  if (error instanceof TypeError) return 'offline';
  return 'client';
}

function describe(error: unknown): string | null {
  return error instanceof Error ? error.message : null;
}
