import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { moduleLogger } from '../logger';
import { ENTITIES } from './entities';
import { Migration20261204000000Initial } from './migrations/Migration20261204000000Initial';
import { Migration20261204010000TaskSchedule } from './migrations/Migration20261204010000TaskSchedule';
import { Migration20261205000000PushSubscription } from './migrations/Migration20261205000000PushSubscription';
import { Migration20261207000000PushSubscriptionLanguage } from './migrations/Migration20261207000000PushSubscriptionLanguage';

const log = moduleLogger('db');

// Session advisory lock held while migrating, so replicas starting together on an empty
// database apply each migration once instead of failing on each other's tables. It must differ
// from OUTBOX_RELAY_LOCK_KEY, which a running replica's relay holds for as long as it runs.
const MIGRATION_LOCK_KEY = 0x7361_7069; // "sapi"

export const MIGRATIONS = [
  { name: 'Migration20261204000000Initial', class: Migration20261204000000Initial },
  { name: 'Migration20261204010000TaskSchedule', class: Migration20261204010000TaskSchedule },
  {
    name: 'Migration20261205000000PushSubscription',
    class: Migration20261205000000PushSubscription,
  },
  {
    name: 'Migration20261207000000PushSubscriptionLanguage',
    class: Migration20261207000000PushSubscriptionLanguage,
  },
];

/** Connects MikroORM to PostgreSQL and applies every pending migration. */
export async function openDatabase(databaseUrl: string, poolSize = 10): Promise<MikroORM> {
  const orm = await MikroORM.init({
    clientUrl: databaseUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    forceUtcTimezone: true,
    pool: { min: 0, max: poolSize },
    discovery: { warnWhenNoEntities: true },
    allowGlobalContext: false,
    migrations: {
      migrationsList: MIGRATIONS,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
    },
    debug: false,
  });

  const lock = new pg.Client({ connectionString: databaseUrl });
  try {
    await lock.connect();
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await orm.getMigrator().up();
    log.info(
      { applied: applied.map((migration) => migration.name) },
      'database migrations applied',
    );
  } catch (error) {
    await orm.close(true);
    throw error;
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end().catch(() => undefined);
  }
  return orm;
}
