import { resolve } from 'node:path';

/** Typed configuration, read once at start-up from the environment (API.md, "Running"). */
export interface LedgerConfig {
  port: number;
  /** Unset: an embedded PostgreSQL is started in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  eventStore: 'postgres' | 'kurrentdb';
  kurrentDbUrl: string | undefined;
  /** Unset in development: generated into the data dir at first start. */
  jwtSecret: string | undefined;
  production: boolean;
  /** Largest accepted request body. */
  bodyLimitBytes: number;
  /** Requests per minute one token may make (a token bucket that refills continuously). */
  rateLimitPerMinuut: number;
  /** A request still unanswered after this long gets a 503 problem; PostgreSQL statements stop at the same bound. */
  requestTimeoutMs: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const port = Number.parseInt(env.PORT ?? '3000', 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT is geen geldig poortnummer: ${env.PORT}`);
  const { eventStore, kurrentDbUrl } = loadEventStoreConfig(env);
  const production = env.NODE_ENV === 'production';
  const jwtSecret = env.LEDGER_JWT_SECRET || undefined;
  if (production && !jwtSecret) throw new ConfigError('NODE_ENV=production vraagt om LEDGER_JWT_SECRET; de service start niet zonder');
  if (jwtSecret !== undefined && jwtSecret.length < 16) throw new ConfigError('LEDGER_JWT_SECRET is te kort (minstens 16 tekens)');
  const rateLimitPerMinuut = geheelGetal(env, 'LEDGER_RATE_LIMIT_PER_MINUUT', 1200, 1, 1_000_000);
  const requestTimeoutMs = geheelGetal(env, 'LEDGER_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000);
  return {
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.LEDGER_DATA_DIR ?? './.data'),
    eventStore,
    kurrentDbUrl,
    jwtSecret,
    production,
    bodyLimitBytes: 1024 * 1024,
    rateLimitPerMinuut,
    requestTimeoutMs,
  };
}

/** The event-store part of the configuration alone, for tools that need no HTTP settings (`npm run herbouw`). */
export function loadEventStoreConfig(env: NodeJS.ProcessEnv = process.env): Pick<LedgerConfig, 'eventStore' | 'kurrentDbUrl'> {
  const eventStore = env.EVENT_STORE ?? 'postgres';
  if (eventStore !== 'postgres' && eventStore !== 'kurrentdb') {
    throw new ConfigError(`EVENT_STORE moet "postgres" of "kurrentdb" zijn, niet "${eventStore}"`);
  }
  const kurrentDbUrl = env.KURRENTDB_URL || undefined;
  if (eventStore === 'kurrentdb' && !kurrentDbUrl) throw new ConfigError('EVENT_STORE=kurrentdb vraagt om KURRENTDB_URL');
  return { eventStore, kurrentDbUrl };
}

function geheelGetal(env: NodeJS.ProcessEnv, naam: string, standaard: number, minimum: number, maximum: number): number {
  const tekst = env[naam];
  if (tekst === undefined || tekst === '') return standaard;
  const waarde = /^\d{1,9}$/.test(tekst) ? Number.parseInt(tekst, 10) : Number.NaN;
  if (!(waarde >= minimum && waarde <= maximum)) throw new ConfigError(`${naam} moet een geheel getal tussen ${minimum} en ${maximum} zijn, niet "${tekst}"`);
  return waarde;
}
