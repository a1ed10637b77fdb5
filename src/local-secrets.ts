/**
 * Secrets of the embedded (no DATABASE_URL, not production) start: the JWT signing secret and the connector
 * credentials key are drawn on the first start and kept in `<DATA_DIR>/secrets.json` (mode 0600), so signed-in
 * clients and stored connector credentials survive a restart. Values are never logged.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Fernet } from './connectors/fernet';

export interface LocalSecrets {
  jwtSecret: string;
  encryptionKey: string;
  file: string;
}

const FILE = 'secrets.json';

function read(file: string): Partial<Record<'jwt_secret' | 'sentry_encryption_key', string>> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`${file} is not readable JSON: fix or remove it (a new file means new secrets: tokens and stored connector credentials are lost)`, { cause: e });
  }
}

/** Reads the data folder's secrets, drawing (and storing) any that are missing. */
export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const dir = resolve(dataDir);
  const file = join(dir, FILE);
  mkdirSync(dir, { recursive: true });
  const stored = read(file);
  const valid = {
    jwt_secret: typeof stored.jwt_secret === 'string' && stored.jwt_secret.length >= 32 ? stored.jwt_secret : undefined,
    sentry_encryption_key: typeof stored.sentry_encryption_key === 'string' ? stored.sentry_encryption_key : undefined,
  };
  if (!valid.jwt_secret || !valid.sentry_encryption_key) {
    const next = {
      ...stored,
      jwt_secret: valid.jwt_secret ?? randomBytes(48).toString('base64url'),
      sentry_encryption_key: valid.sentry_encryption_key ?? Fernet.generateKey(),
    };
    // written beside the file with mode 0600, then renamed over it: never a half-written or world-readable file
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
    Object.assign(valid, next);
  }
  chmodSync(file, 0o600);
  return { jwtSecret: valid.jwt_secret!, encryptionKey: valid.sentry_encryption_key!, file };
}
