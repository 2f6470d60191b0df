import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { moduleLogger } from './logger';

const log = moduleLogger('secrets');

/**
 * Reads a secret kept in the data folder, making it on first use. The value itself is
 * never logged, only that it was generated and where.
 */
export async function loadOrCreateSecret(dataDir: string, name: string): Promise<string> {
  const file = join(resolve(dataDir), name);
  try {
    const value = (await readFile(file, 'utf8')).trim();
    if (value.length >= 32) return value;
    log.warn({ file }, 'stored secret is too short; generating a new one');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const value = randomBytes(32).toString('base64url');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${value}\n`, { mode: 0o600 });
  log.info({ file }, `${name} was not configured; generated one and stored it in the data folder`);
  return value;
}
