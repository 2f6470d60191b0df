import { Migration } from '@mikro-orm/migrations';

/** Adds the audit tables: one row per task event, and the last state seen of each task. */
export class Migration20261206000000Audit extends Migration {
  override up(): void {
    // The primary key is the event id (the outbox id), so a redelivered event inserts nothing.
    this.addSql(`create table "audit_event" (
      "event_id" bigint primary key,
      "user_id" text not null,
      "task_id" uuid not null,
      "event_type" text not null
        check ("event_type" in ('created', 'updated', 'completed', 'deleted')),
      "source" text null
        check ("source" in ('app', 'rest', 'chat', 'reminder', 'system')),
      "version" bigint not null,
      "title" text not null,
      "changes" jsonb null,
      "occurred_at" timestamptz not null,
      "recorded_at" timestamptz not null default now()
    );`);
    // Both routes read in (version, event_id) order: the user's activity and one task's history.
    this.addSql(
      `create index "audit_event_user_order_idx" on "audit_event" ("user_id", "version", "event_id");`,
    );
    this.addSql(
      `create index "audit_event_task_order_idx" on "audit_event" ("task_id", "version", "event_id");`,
    );
    this.addSql(`create index "audit_event_occurred_at_idx" on "audit_event" ("occurred_at");`);

    // The task as the newest recorded event left it; the next event's changes are computed
    // against it. (version, event_id) names that event.
    this.addSql(`create table "audit_task_snapshot" (
      "task_id" uuid primary key,
      "user_id" text not null,
      "version" bigint not null,
      "event_id" bigint not null,
      "task_data" jsonb not null,
      "updated_at" timestamptz not null
    );`);
  }
}
