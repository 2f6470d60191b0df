import { Migration } from '@mikro-orm/migrations';

/**
 * Adds the language of the device's interface to its push subscription, so the notifier writes
 * each reminder in the language that device shows. Null (rows from before) means English.
 */
export class Migration20261207000000PushSubscriptionLanguage extends Migration {
  override up(): void {
    this.addSql(`alter table "push_subscription" add column "language" text null;`);
  }
}
