import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROLLEN, type Rol } from '../auth/principal';
import { signToken } from '../auth/tokens';
import { GEMEENTE_CODE_PATTERN } from '../domain/shared/begrippen';
import { CliFout } from './api-client';

export const TOKEN_HULP = `begroot token --rol controller|accountant|auditor|beheerder --gemeente GM0193|* [--sub naam] [--uren 8]
  Ondertekent met LEDGER_JWT_SECRET, of met het ontwikkelgeheim in LEDGER_DATA_DIR.`;

/**
 * Prints a bearer token: `npm run cli -- token --rol controller --gemeente GM0193 [--sub naam] [--uren 8]`.
 * Signs with LEDGER_JWT_SECRET, or with the development secret in LEDGER_DATA_DIR.
 */
export function tokenCommando(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      rol: { type: 'string', multiple: true },
      gemeente: { type: 'string', multiple: true },
      sub: { type: 'string' },
      uren: { type: 'string', default: '8' },
    },
  });
  const rollen = values.rol ?? [];
  const gemeenten = values.gemeente ?? [];
  if (rollen.length === 0 || !rollen.every((rol) => (ROLLEN as readonly string[]).includes(rol))) {
    fail(`geef --rol met een van: ${ROLLEN.join(', ')}`);
  }
  if (gemeenten.length === 0 || !gemeenten.every((code) => code === '*' || GEMEENTE_CODE_PATTERN.test(code))) {
    fail('geef --gemeente met een CBS-code (GM0193) of *');
  }
  const uren = Number.parseInt(values.uren ?? '8', 10);
  if (!(uren >= 1 && uren <= 24 * 366)) fail('--uren moet tussen 1 en 8784 liggen');
  const secret = process.env.LEDGER_JWT_SECRET || readDevelopmentSecret();
  const sub = values.sub ?? `${rollen[0]}-cli`;
  process.stdout.write(`${signToken(secret, { sub, rollen: rollen as Rol[], gemeenten }, uren * 3600)}\n`);
}

function readDevelopmentSecret(): string {
  const file = join(resolve(process.env.LEDGER_DATA_DIR ?? './.data'), 'jwt-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return fail(`geen LEDGER_JWT_SECRET en geen ontwikkelgeheim in ${file}: start de service eerst (npm start) of zet LEDGER_JWT_SECRET`);
  }
}

function fail(message: string): never {
  throw new CliFout(message, 2);
}
