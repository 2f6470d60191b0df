import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import webPush from 'web-push';
import { moduleLogger } from '../logger';

const log = moduleLogger('vapid-keys');

/** File in DATA_DIR with the generated key pair. The notifier reads the same file. */
export const VAPID_KEYS_FILE = 'vapid.json';

export interface VapidKeys {
  /** Uncompressed P-256 point, 65 bytes, base64url without padding. */
  publicKey: string;
  /** P-256 private scalar, 32 bytes, base64url without padding. */
  privateKey: string;
}

/**
 * Returns true when `value` is a base64url P-256 public key in uncompressed form: 65 bytes,
 * the first of them 0x04.
 */
export function isVapidPublicKey(value: string): boolean {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return false;
  const bytes = Buffer.from(value, 'base64url');
  return bytes.length === 65 && bytes[0] === 0x04;
}

function isVapidPrivateKey(value: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(value) && Buffer.from(value, 'base64url').length === 32;
}

/**
 * Reads the VAPID key pair from `DATA_DIR/vapid.json`, generating it with web-push on first
 * use. The file is created exclusively with mode 0600, so when two services start at once
 * the first writer wins and the other reads its keys. A file that exists but does not hold a
 * valid pair is an error, never overwritten: new keys would silently break every stored
 * push subscription.
 */
export async function loadOrCreateVapidKeys(dataDir: string): Promise<VapidKeys> {
  const file = join(resolve(dataDir), VAPID_KEYS_FILE);
  const existing = await readKeys(file);
  if (existing) return existing;

  const generated = webPush.generateVAPIDKeys();
  const keys: VapidKeys = { publicKey: generated.publicKey, privateKey: generated.privateKey };
  await mkdir(resolve(dataDir), { recursive: true });
  try {
    await writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another process created the file between our read and our write.
    const written = await readKeys(file);
    if (written) return written;
    throw error;
  }
  log.info(
    { file },
    'VAPID keys were not configured; generated a pair and stored it in the data folder',
  );
  return keys;
}

async function readKeys(file: string): Promise<VapidKeys | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: Partial<VapidKeys> | undefined;
  try {
    parsed = JSON.parse(text) as Partial<VapidKeys>;
  } catch {
    parsed = undefined;
  }
  const { publicKey, privateKey } = parsed ?? {};
  if (
    typeof publicKey !== 'string' ||
    typeof privateKey !== 'string' ||
    !isVapidPublicKey(publicKey) ||
    !isVapidPrivateKey(privateKey)
  ) {
    throw new Error(
      `${file} does not contain a valid VAPID key pair {"publicKey", "privateKey"}: fix it, ` +
        'or delete it to generate new keys (push subscriptions made with the old keys then ' +
        'stop working)',
    );
  }
  return { publicKey, privateKey };
}
