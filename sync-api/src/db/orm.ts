import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { moduleLogger } from '../logger';
import { ENTITIES } from './entities';
import { Migration20261204000000Initial } from './migrations/Migration20261204000000Initial';
import { Migration20261204010000TaskSchedule } from './migrations/Migration20261204010000TaskSchedule';
import { Migration20261205000000PushSubscription } from './migrations/Migration20261205000000PushSubscription';

const log = moduleLogger('db');

export const MIGRATIONS = [
  { name: 'Migration20261204000000Initial', class: Migration20261204000000Initial },
  { name: 'Migration20261204010000TaskSchedule', class: Migration20261204010000TaskSchedule },
  {
    name: 'Migration20261205000000PushSubscription',
    class: Migration20261205000000PushSubscription,
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

  const applied = await orm.getMigrator().up();
  log.info({ applied: applied.map((migration) => migration.name) }, 'database migrations applied');
  return orm;
}
