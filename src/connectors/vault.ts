/**
 * Credential vault (spec 80 §4): values encrypted with Fernet under SENTRY_ENCRYPTION_KEY before they are
 * stored; plaintext only ever goes to connector instances, API answers carry `****`. Nothing here logs a value.
 */
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { PrismaClient } from '../db';
import { AppError } from '../errors';
import { Fernet, InvalidFernetKey, InvalidFernetToken } from './fernet';
import { withTransaction } from '../db/tx';

export const MASK = '****';

const KEY_MISSING =
  'SENTRY_ENCRYPTION_KEY environment variable is required. Set it to a Fernet key (32 url-safe base64-encoded bytes) to use connectors.';
const KEY_MALFORMED = 'SENTRY_ENCRYPTION_KEY is not a valid Fernet key: it must be 32 url-safe base64-encoded bytes.';
const UNDECRYPTABLE =
  'Stored connector credentials cannot be decrypted with the configured SENTRY_ENCRYPTION_KEY (was the key changed?). Save them again.';

const vaultError = (message: string) => new AppError('INTERNAL_SERVER_ERROR', message);

const ciphers = new Map<string, Fernet>();

/** The Fernet of the configured key; a clear 500 (naming the variable, never its value) when it is missing or malformed. */
export function vaultCipher(config: Pick<Config, 'encryptionKey'>): Fernet {
  const key = config.encryptionKey?.trim();
  if (!key) throw vaultError(KEY_MISSING);
  let cipher = ciphers.get(key);
  if (!cipher) {
    try {
      cipher = new Fernet(key);
    } catch (e) {
      if (e instanceof InvalidFernetKey) throw vaultError(KEY_MALFORMED);
      throw e;
    }
    ciphers.set(key, cipher);
  }
  return cipher;
}

/** Start-up check: a key that is set but unusable is reported at once instead of on the first connector call. */
export function checkEncryptionKeyAtStartup(config: Pick<Config, 'encryptionKey'>, logger: Logger): void {
  if (!config.encryptionKey?.trim()) return;
  try {
    vaultCipher(config);
  } catch {
    logger.error(`${KEY_MALFORMED} Connector credentials cannot be saved or used until it is fixed.`);
  }
}

export interface StoredCredentialKey {
  key: string;
  createdAt: Date | null;
  updatedAt: Date | null;
}

/** Encrypts every pair (before the transaction) and upserts them; keys not given are kept. */
export async function saveCredentials(
  prisma: PrismaClient,
  config: Pick<Config, 'encryptionKey'>,
  scope: { connectorName: string; warehouseId: number },
  credentials: Record<string, string>,
): Promise<void> {
  const cipher = vaultCipher(config);
  const encrypted = Object.entries(credentials).map(([key, value]) => [key, cipher.encrypt(value)] as const);
  await withTransaction(prisma, async (tx) => {
    for (const [credentialKey, encryptedValue] of encrypted) {
      await tx.connectorCredential.upsert({
        where: { connectorName_warehouseId_credentialKey: { ...scope, credentialKey } },
        create: { ...scope, credentialKey, encryptedValue },
        update: { encryptedValue, updatedAt: new Date() },
      });
    }
  });
}

export async function listCredentialKeys(
  prisma: PrismaClient,
  scope: { connectorName: string; warehouseId: number },
): Promise<StoredCredentialKey[]> {
  const rows = await prisma.connectorCredential.findMany({
    where: scope,
    orderBy: { credentialKey: 'asc' },
    select: { credentialKey: true, createdAt: true, updatedAt: true },
  });
  return rows.map((r) => ({ key: r.credentialKey, createdAt: r.createdAt, updatedAt: r.updatedAt }));
}

export async function deleteCredentials(prisma: PrismaClient, scope: { connectorName: string; warehouseId: number }): Promise<void> {
  await prisma.connectorCredential.deleteMany({ where: scope });
}

/** The decrypted config of one connector + warehouse (absent keys simply missing). */
export async function loadCredentials(
  prisma: PrismaClient,
  config: Pick<Config, 'encryptionKey'>,
  scope: { connectorName: string; warehouseId: number },
): Promise<Record<string, string>> {
  const rows = await prisma.connectorCredential.findMany({ where: scope, select: { credentialKey: true, encryptedValue: true } });
  if (rows.length === 0) return {};
  const cipher = vaultCipher(config);
  const out: Record<string, string> = {};
  for (const r of rows) {
    try {
      out[r.credentialKey] = cipher.decrypt(r.encryptedValue).toString('utf8');
    } catch (e) {
      if (e instanceof InvalidFernetToken) throw vaultError(UNDECRYPTABLE);
      throw e;
    }
  }
  return out;
}
