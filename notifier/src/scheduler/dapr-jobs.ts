import type pg from 'pg';
import { moduleLogger } from '../logger';
import type { FireReminder, ReminderJob, ReminderScheduler } from './scheduler';

const log = moduleLogger('dapr-jobs');

const JOB_NAME_PATTERN =
  /^reminder-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-(\d+)$/;

export interface DaprJobsOptions {
  /** Base URL of the sidecar's HTTP API, for example http://127.0.0.1:3500. */
  sidecarUrl: string;
  /** Sent in `dapr-api-token` when the sidecar requires one. */
  apiToken?: string;
  /** Dapr retries a failed job callback this often, every 30 s, so it spans the late limit. */
  maxRetries: number;
  requestTimeoutMs?: number;
}

export interface JobCallbackResult {
  status: number;
  body: unknown;
}

/** Name of the Dapr job of one reminder occurrence: `reminder-<task id>-<epoch seconds>`. */
export function reminderJobName(taskId: string, remindAt: string): string {
  return `reminder-${taskId}-${Math.floor(Date.parse(remindAt) / 1000)}`;
}

/** Reads the task id and instant back from a job name, or undefined if it is not ours. */
export function parseReminderJobName(
  name: string,
): { taskId: string; remindAt: string } | undefined {
  const match = JOB_NAME_PATTERN.exec(name);
  if (!match?.[1] || !match[2]) return undefined;
  return { taskId: match[1], remindAt: new Date(Number(match[2]) * 1000).toISOString() };
}

/**
 * Scheduler on the Dapr Jobs API (alpha, `/v1.0-alpha1/jobs/<name>` on the sidecar's HTTP
 * port; the JS SDK 3.18 has no Jobs client). Dapr calls `POST /job/<name>` on this app when a
 * job is due.
 */
export class DaprJobsScheduler implements ReminderScheduler {
  readonly kind = 'dapr';
  private fire: FireReminder | undefined;
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: DaprJobsOptions) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  }

  async replace(
    _tx: pg.PoolClient,
    task: { taskId: string; userId: string; dueAt: string | null },
    previous: string[],
    wanted: ReminderJob[],
  ): Promise<void> {
    const wantedNames = new Set(wanted.map((job) => reminderJobName(job.taskId, job.remindAt)));
    const previousNames = new Set(previous.map((instant) => reminderJobName(task.taskId, instant)));

    for (const name of previousNames) {
      if (!wantedNames.has(name)) await this.deleteJob(name);
    }
    for (const job of wanted) {
      const name = reminderJobName(job.taskId, job.remindAt);
      if (!previousNames.has(name)) await this.scheduleJob(name, job);
    }
  }

  async start(fire: FireReminder): Promise<void> {
    this.fire = fire;
    log.info({ sidecarUrl: this.options.sidecarUrl }, 'Dapr Jobs scheduler started');
  }

  async close(): Promise<void> {
    this.fire = undefined;
  }

  /**
   * Handles Dapr's `POST /job/<name>` callback. A non-2xx response makes Dapr retry under the
   * job's failure policy, so only errors worth retrying return 500.
   */
  async handleJob(name: string): Promise<JobCallbackResult> {
    const occurrence = parseReminderJobName(name);
    if (!occurrence) {
      log.warn({ name }, 'job callback for a job name this notifier does not make; ignored');
      return { status: 200, body: { status: 'ignored' } };
    }
    if (!this.fire) return { status: 503, body: { error: 'notifier is not running' } };
    try {
      const result = await this.fire(occurrence);
      return { status: 200, body: { status: result } };
    } catch (error) {
      log.error({ err: error, name }, 'job callback failed; Dapr will retry it');
      return { status: 500, body: { error: 'reminder could not be fired' } };
    }
  }

  private async scheduleJob(name: string, job: ReminderJob): Promise<void> {
    const body = {
      // RFC 3339 with an explicit UTC offset, so the Scheduler service does not apply its own zone.
      dueTime: new Date(job.remindAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      data: {
        task_id: job.taskId,
        user_id: job.userId,
        remind_at: job.remindAt,
        due_at: job.dueAt,
      },
      // A redelivered event schedules the same name again; overwrite makes that a no-op.
      overwrite: true,
      failure_policy: { constant: { interval: '30s', max_retries: this.options.maxRetries } },
    };
    const response = await this.request('POST', name, body);
    if (response.status !== 204 && response.status !== 200) {
      throw new Error(
        `scheduling Dapr job ${name} failed with ${response.status}: ${response.text}`,
      );
    }
    log.debug({ name }, 'Dapr job scheduled');
  }

  private async deleteJob(name: string): Promise<void> {
    const response = await this.request('DELETE', name);
    // A job that already fired is gone from the Scheduler; that is the state we want.
    if (response.status !== 204 && response.status !== 200 && response.status !== 404) {
      throw new Error(`deleting Dapr job ${name} failed with ${response.status}: ${response.text}`);
    }
    log.debug({ name }, 'Dapr job deleted');
  }

  private async request(
    method: 'POST' | 'DELETE',
    name: string,
    body?: unknown,
  ): Promise<{ status: number; text: string }> {
    const url = new URL(`/v1.0-alpha1/jobs/${encodeURIComponent(name)}`, this.options.sidecarUrl);
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.apiToken) headers['dapr-api-token'] = this.options.apiToken;
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.requestTimeoutMs),
    });
    return { status: response.status, text: await response.text() };
  }
}
