import type { DataSource } from 'typeorm';
import type { LedgerConfig } from '../config/config';
import { EventStoreOnbereikbaarError } from './event-store.errors';
import type { EventStore } from './event-store.port';
import { PostgresEventStore } from './postgres-event-store';

export interface GeopendeEventStore {
  store: EventStore;
  /** Releases what the store holds beyond the DataSource (the KurrentDB connection). */
  close(): Promise<void>;
}

/**
 * The event store `EVENT_STORE` asks for. PostgreSQL shares the service's DataSource; KurrentDB gets its
 * own connection from KURRENTDB_URL and is checked before the service starts, so a server that cannot
 * take multi-stream appends stops start-up with a clear message instead of failing the first write.
 * PostgreSQL stays needed either way: it holds the read models and the projection leader lock.
 */
export async function openEventStore(config: Pick<LedgerConfig, 'eventStore' | 'kurrentDbUrl'>, dataSource: DataSource): Promise<GeopendeEventStore> {
  if (config.eventStore === 'postgres') return { store: new PostgresEventStore(dataSource), close: async () => undefined };
  if (!config.kurrentDbUrl) throw new Error('EVENT_STORE=kurrentdb vraagt om KURRENTDB_URL');
  // Loaded only when chosen: the client and its gRPC stack cost ~20 MB of RSS in every process otherwise
  // (measured on dist/src/main.js); a lint rule keeps other modules from importing them statically.
  const { KurrentDBClient } = await import('@kurrent/kurrentdb-client');
  const { KurrentDbEventStore } = await import('./kurrentdb-event-store');
  const store = new KurrentDbEventStore(KurrentDBClient.connectionString(config.kurrentDbUrl));
  try {
    await store.controleerServer();
  } catch (error) {
    await store.close();
    // Named without its password: the message goes to the log.
    throw error instanceof EventStoreOnbereikbaarError ? new EventStoreOnbereikbaarError(error.oorzaak, zonderWachtwoord(config.kurrentDbUrl)) : error;
  }
  return { store, close: () => store.close() };
}

/** A connection string with its user info masked: `kurrentdb://admin:geheim@host` becomes `kurrentdb://***@host`. */
export const zonderWachtwoord = (url: string): string => url.replace(/\/\/[^@/]*@/, '//***@');
