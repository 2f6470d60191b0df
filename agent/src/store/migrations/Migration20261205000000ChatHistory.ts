import { Migration } from '@mikro-orm/migrations';

/** Creates the conversation tables. The agent keeps them apart from the sync API's schema. */
export class Migration20261205000000ChatHistory extends Migration {
  override up(): void {
    // No foreign key to "user": in distributed mode the agent may have a database of its own.
    this.addSql(`create table "chat_thread" (
      "id" text not null primary key,
      "user_id" text not null,
      "title" text null,
      "time_zone" text null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now());`);
    this.addSql(
      `create index "chat_thread_user_created_idx" on "chat_thread" ("user_id", "created_at", "id");`,
    );

    this.addSql(`create table "chat_item" (
      "id" text not null primary key,
      "thread_id" text not null references "chat_thread" ("id") on delete cascade,
      "position" integer not null,
      "type" text not null check ("type" in ('user_message', 'assistant_message', 'tool_call')),
      "data" jsonb not null,
      "created_at" timestamptz not null default now(),
      constraint "chat_item_thread_position_unique" unique ("thread_id", "position"));`);
  }

  override down(): void {
    this.addSql('drop table if exists "chat_item";');
    this.addSql('drop table if exists "chat_thread";');
  }
}
