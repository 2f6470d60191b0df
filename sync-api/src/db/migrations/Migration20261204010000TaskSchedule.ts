import { Migration } from '@mikro-orm/migrations';

/** Adds recurrence and reminders to tasks. */
export class Migration20261204010000TaskSchedule extends Migration {
  override up(): void {
    this.addSql(`alter table "task" add column "recurrence" jsonb null;`);
    this.addSql(`alter table "task" add column "reminders" jsonb not null default '[]';`);
  }
}
