import { Migration } from '@mikro-orm/migrations';

/**
 * Creates the Better Auth tables (as better-auth 1.7.29's getMigrations compiles them for
 * email-and-password, the JWT plugin and database rate limiting) and Fehrist's own tables.
 */
export class Migration20261204000000Initial extends Migration {
  override up(): void {
    this.addSql(
      `create table "user" ("id" text not null primary key, "name" text not null, "email" text not null unique, "emailVerified" boolean not null, "image" text, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz default CURRENT_TIMESTAMP not null);`,
    );
    this.addSql(
      `create table "session" ("id" text not null primary key, "expiresAt" timestamptz not null, "token" text not null unique, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz not null, "ipAddress" text, "userAgent" text, "userId" text not null references "user" ("id") on delete cascade);`,
    );
    this.addSql(
      `create table "account" ("id" text not null primary key, "accountId" text not null, "providerId" text not null, "userId" text not null references "user" ("id") on delete cascade, "accessToken" text, "refreshToken" text, "idToken" text, "accessTokenExpiresAt" timestamptz, "refreshTokenExpiresAt" timestamptz, "scope" text, "password" text, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz not null);`,
    );
    this.addSql(
      `create table "verification" ("id" text not null primary key, "identifier" text not null, "value" text not null, "expiresAt" timestamptz not null, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz default CURRENT_TIMESTAMP not null);`,
    );
    this.addSql(
      `create table "jwks" ("id" text not null primary key, "publicKey" text not null, "privateKey" text not null, "createdAt" timestamptz not null, "expiresAt" timestamptz, "alg" text, "crv" text);`,
    );
    this.addSql(
      `create table "rateLimit" ("id" text not null primary key, "key" text not null unique, "count" integer not null, "lastRequest" bigint not null);`,
    );
    this.addSql(`create index "session_userId_idx" on "session" ("userId");`);
    this.addSql(`create index "account_userId_idx" on "account" ("userId");`);
    this.addSql(`create index "verification_identifier_idx" on "verification" ("identifier");`);

    // The user's version: bumped once per write transaction, it orders every change of
    // that user and is the cookie clients pull from.
    this.addSql(`create table "sync_user" (
      "user_id" text not null primary key references "user" ("id") on delete cascade,
      "version" bigint not null default 0);`);

    this.addSql(`create table "sync_client_group" (
      "id" text not null primary key,
      "user_id" text not null references "user" ("id") on delete cascade,
      "created_at" timestamptz not null default now());`);

    this.addSql(`create table "sync_client" (
      "id" text not null primary key,
      "client_group_id" text not null references "sync_client_group" ("id") on delete cascade,
      "last_mutation_id" integer not null default 0,
      "version" bigint not null,
      "updated_at" timestamptz not null default now());`);
    this.addSql(
      `create index "sync_client_group_version_idx" on "sync_client" ("client_group_id", "version");`,
    );

    this.addSql(`create table "task" (
      "id" uuid not null primary key,
      "user_id" text not null references "user" ("id") on delete cascade,
      "title" text not null,
      "description" text not null default '',
      "completed" boolean not null default false,
      "completed_at" timestamptz null,
      "priority" text not null check ("priority" in ('none', 'low', 'medium', 'high')),
      "priority_rank" smallint not null,
      "tags" jsonb not null default '[]',
      "tag_keys" text[] not null default '{}',
      "title_key" text not null,
      "search_text" text not null,
      "due_date" date null,
      "due_time" text null,
      "time_zone" text not null,
      "due_at" timestamptz null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" bigint not null,
      "deleted" boolean not null default false);`);
    this.addSql(`create index "task_user_version_idx" on "task" ("user_id", "version");`);
    this.addSql(`create index "task_user_created_idx" on "task" ("user_id", "created_at", "id");`);
    this.addSql(`create index "task_user_due_idx" on "task" ("user_id", "due_at", "id");`);
    this.addSql(`create index "task_tag_keys_idx" on "task" using gin ("tag_keys");`);

    // Written in the same transaction as the change it describes; a relay publishes it.
    this.addSql(`create table "outbox" (
      "id" bigserial primary key,
      "topic" text not null,
      "key" text not null,
      "payload" jsonb not null,
      "created_at" timestamptz not null default now(),
      "published_at" timestamptz null);`);
    this.addSql(
      `create index "outbox_unpublished_idx" on "outbox" ("id") where "published_at" is null;`,
    );
  }
}
