import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { developmentSecret } from './auth/jwt-secret';
import { signToken } from './auth/tokens';
import { ConfigError, loadConfig } from './config/config';
import { LedgerSettings } from './config/ledger-settings';
import { openDatabase } from './database/data-source';
import { type RunningDatabase, startEmbeddedPostgres } from './database/embedded-postgres';
import { EventStoreOnbereikbaarError, KurrentDbVersieError } from './event-store/event-store.errors';
import { openEventStore } from './event-store/open-event-store';
import { createApp } from './http/create-app';

const SHUTDOWN_TIMEOUT_MS = 15_000;

/**
 * Start-up: configuration, the database (embedded PostgreSQL when DATABASE_URL is unset), migrations,
 * the event store (EVENT_STORE), the secret, then HTTP. SIGTERM/SIGINT stop HTTP first, then the event
 * store's connection, then the pool, then the embedded database.
 */
async function main(): Promise<void> {
  const logger = new Logger('Begroot');
  const config = loadConfig(process.env);

  let embedded: RunningDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    logger.log(`DATABASE_URL is niet gezet: ingebouwde PostgreSQL starten in ${config.dataDir}`);
    const postgresLogger = new Logger('PostgreSQL');
    embedded = await startEmbeddedPostgres(config.dataDir, (line) => {
      if (/ERROR|FATAL|PANIC/.test(line)) postgresLogger.warn(line);
    });
    databaseUrl = embedded.url;
  }
  const dataSource = await openDatabase(databaseUrl);
  logger.log('database gemigreerd en bereikbaar');
  const eventStore = await openEventStore(config, dataSource).catch(async (error: unknown) => {
    // An unreachable or too old KurrentDB is the likely start-up failure: leave no embedded PostgreSQL behind.
    await dataSource.destroy();
    await embedded?.stop();
    throw error;
  });
  logger.log(config.eventStore === 'kurrentdb' ? 'event store: KurrentDB bereikbaar (multi-stream append ondersteund)' : 'event store: PostgreSQL');

  let secret = config.jwtSecret;
  if (!secret) {
    const generated = await developmentSecret(config.dataDir);
    secret = generated.secret;
    if (generated.created) {
      const token = signToken(secret, { sub: 'beheerder-eerste-start', rollen: ['beheerder'], gemeenten: ['*'] }, 30 * 24 * 3600);
      logger.log(`ontwikkelmodus: geheim aangemaakt in ${config.dataDir}/jwt-secret; beheerder-token (30 dagen geldig):\n${token}`);
    }
  }

  const app = await createApp({ dataSource, settings: new LedgerSettings(config, secret), eventStore: eventStore.store });
  await app.listen(config.port, process.env.HOST ?? '0.0.0.0');
  logger.log(`Begroot luistert op poort ${config.port}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} ontvangen: afsluiten`);
    const forced = setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS);
    forced.unref();
    try {
      await app.close();
      await eventStore.close();
      await dataSource.destroy();
      await embedded?.stop();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  const bekend = error instanceof ConfigError || error instanceof KurrentDbVersieError || error instanceof EventStoreOnbereikbaarError;
  new Logger('Begroot').error(bekend ? error.message : error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
