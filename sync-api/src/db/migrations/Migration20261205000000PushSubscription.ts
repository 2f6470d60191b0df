import { Migration } from '@mikro-orm/migrations';

/**
 * Adds Web Push subscriptions: one row per endpoint, owned by one user. The notifier reads
 * this table directly to send reminders, and deletes rows whose push service answers 404 or 410.
 */
export class Migration20261205000000PushSubscription extends Migration {
  override up(): void {
    this.addSql(`create table "push_subscription" (
      "id" uuid not null primary key,
      "user_id" text not null references "user" ("id") on delete cascade,
      "endpoint" text not null unique,
      "p256dh" text not null,
      "auth" text not null,
      "user_agent" text null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "push_subscription_user_idx" on "push_subscription" ("user_id");`);
  }
}
