import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * In development (no LEDGER_JWT_SECRET) the secret is generated once into the data dir and reused, so
 * tokens survive a restart. Returns whether it was created now, so the first start can print a token.
 */
export async function developmentSecret(dataDir: string): Promise<{ secret: string; created: boolean }> {
  const file = join(dataDir, 'jwt-secret');
  try {
    return { secret: (await readFile(file, 'utf8')).trim(), created: false };
  } catch {
    await mkdir(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    return { secret, created: true };
  }
}
