import { Migration } from '@mikro-orm/migrations';

/** Adds the notifier's tables: applied reminder sets, built-in scheduler jobs, deliveries. */
export class Migration20261205000000Notifier extends Migration {
  override up(): void {
    // The last reminder set applied per task. An event with a version not above this one is
    // stale or redelivered and changes nothing.
    this.addSql(`create table "notifier_task_state" (
      "task_id" uuid primary key,
      "user_id" text not null,
      "version" bigint not null,
      "remind_ats" timestamptz[] not null default '{}',
      "updated_at" timestamptz not null
    );`);

    this.addSql(`create table "reminder_job" (
      "task_id" uuid not null,
      "remind_at" timestamptz not null,
      "user_id" text not null,
      "due_at" timestamptz null,
      "status" text not null default 'pending'
        check ("status" in ('pending', 'running', 'done', 'skipped', 'failed')),
      "attempts" integer not null default 0,
      "next_attempt_at" timestamptz not null,
      "locked_until" timestamptz null,
      "locked_by" text null,
      "last_error" text null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      primary key ("task_id", "remind_at")
    );`);
    this.addSql(
      `create index "reminder_job_pending_idx" on "reminder_job" ("next_attempt_at") where "status" = 'pending';`,
    );
    this.addSql(
      `create index "reminder_job_running_idx" on "reminder_job" ("locked_until") where "status" = 'running';`,
    );

    // One row per reminder occurrence that was claimed for sending; the primary key is the
    // claim, so replicas and redelivered jobs send each occurrence once.
    this.addSql(`create table "reminder_delivery" (
      "task_id" uuid not null,
      "remind_at" timestamptz not null,
      "user_id" text not null,
      "status" text not null
        check ("status" in ('sending', 'sent', 'failed', 'no_subscription', 'expired')),
      "late" boolean not null,
      "fired_at" timestamptz not null,
      "lease_until" timestamptz null,
      "claimed_by" text null,
      "completed_at" timestamptz null,
      "subscriptions" integer not null default 0,
      "sent" integer not null default 0,
      "failed" integer not null default 0,
      "removed" integer not null default 0,
      "push_attempts" integer not null default 0,
      "last_error" text null,
      primary key ("task_id", "remind_at")
    );`);
    this.addSql(
      `create index "reminder_delivery_fired_at_idx" on "reminder_delivery" ("fired_at");`,
    );
  }
}
