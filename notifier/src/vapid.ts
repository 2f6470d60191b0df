import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import webpush from 'web-push';
import { moduleLogger } from './logger';

const log = moduleLogger('vapid');

export interface VapidDetails {
  subject: string;
  publicKey: string;
  privateKey: string;
}

export interface VapidSource {
  publicKey?: string;
  privateKey?: string;
  subject: string;
  dataDir: string;
}

/**
 * Returns the VAPID key pair from the configuration, or else from `vapid.json` in the data
 * folder, which sync-api reads too. The first process to find neither generates the file
 * (mode 0600); one that loses the race reads the winner's keys. Key values are never logged.
 */
export async function loadVapidDetails(source: VapidSource): Promise<VapidDetails> {
  if (source.publicKey || source.privateKey) {
    if (!source.publicKey || !source.privateKey) {
      throw new Error('set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither');
    }
    return check({
      subject: source.subject,
      publicKey: source.publicKey,
      privateKey: source.privateKey,
    });
  }

  const file = join(resolve(source.dataDir), 'vapid.json');
  const stored = await readKeyFile(file);
  if (stored) return check({ subject: source.subject, ...stored });

  const generated = webpush.generateVAPIDKeys();
  await mkdir(resolve(source.dataDir), { recursive: true });
  try {
    await writeFile(file, `${JSON.stringify(generated)}\n`, { mode: 0o600, flag: 'wx' });
    log.info({ file }, 'VAPID keys were not configured; generated a pair into the data folder');
    return check({ subject: source.subject, ...generated });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readKeyFile(file);
    if (!winner) {
      throw new Error(`${file} was created by another process and then removed; start again`);
    }
    return check({ subject: source.subject, ...winner });
  }
}

async function readKeyFile(
  file: string,
): Promise<{ publicKey: string; privateKey: string } | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: { publicKey?: unknown; privateKey?: unknown } | null = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (typeof parsed?.publicKey !== 'string' || typeof parsed?.privateKey !== 'string') {
    // Deleting the file makes new keys, and every stored push subscription stops working.
    throw new Error(
      `${file} is not a VAPID key pair {"publicKey": "...", "privateKey": "..."}; fix or delete it`,
    );
  }
  return { publicKey: parsed.publicKey, privateKey: parsed.privateKey };
}

/** Checks the keys and subject by signing once, so a malformed one fails at start, not at the first reminder. */
function check(details: VapidDetails): VapidDetails {
  webpush.getVapidHeaders(
    'https://push.example.com',
    details.subject,
    details.publicKey,
    details.privateKey,
    'aes128gcm',
  );
  return details;
}
