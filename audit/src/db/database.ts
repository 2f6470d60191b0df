import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { moduleLogger } from '../logger';
import { Migration20261206000000Audit } from './migrations/Migration20261206000000Audit';

const log = moduleLogger('db');

export const MIGRATIONS = [
  { name: 'Migration20261206000000Audit', class: Migration20261206000000Audit },
];

// Replicas starting together would race to create the same tables. The first one takes this
// session lock, and the others wait for it and then find nothing left to apply.
const MIGRATION_LOCK_KEY = 0x61756469; // "audi"

// bigint columns (versions, event ids) fit in a JavaScript number. The parser is set per pool,
// not on pg's shared defaults, because sync-api runs in the same process in the embedded start.
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Applies the audit migrations, tracked in their own `audit_migrations` table so they never
 * mix with sync-api's or the notifier's, and opens the connection pool the service runs on.
 */
export async function openDatabase(databaseUrl: string, poolSize = 5): Promise<pg.Pool> {
  await migrate(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, types: typeParsers });
  pool.on('error', (error) => log.error({ err: error }, 'idle database connection failed'));
  return pool;
}

async function migrate(databaseUrl: string): Promise<void> {
  const lock = new pg.Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const orm = await MikroORM.init({
      clientUrl: databaseUrl,
      entities: [],
      extensions: [Migrator],
      discovery: { warnWhenNoEntities: false },
      allowGlobalContext: false,
      pool: { min: 0, max: 1 },
      migrations: {
        migrationsList: MIGRATIONS,
        tableName: 'audit_migrations',
        transactional: true,
        allOrNothing: true,
      },
      debug: false,
    });
    try {
      const applied = await orm.getMigrator().up();
      log.info({ applied: applied.map((migration) => migration.name) }, 'migrations applied');
    } finally {
      await orm.close(true);
    }
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}
