import { DataSource } from 'typeorm';
import { EventStore1763800000000 } from '../../migrations/1763800000000-EventStore';
import { Leesmodellen1763900000000 } from '../../migrations/1763900000000-Leesmodellen';
import { BedragenZonderNullagen1763942400000 } from '../../migrations/1763942400000-BedragenZonderNullagen';
import { HistorieInBlokken1763942500000 } from '../../migrations/1763942500000-HistorieInBlokken';
import { KopZonderForeignKey1763960000000 } from '../../migrations/1763960000000-KopZonderForeignKey';
import { HistorieAlsPosities1764000000000 } from '../../migrations/1764000000000-HistorieAlsPosities';
import { BedragenPerDoel1764000100000 } from '../../migrations/1764000100000-BedragenPerDoel';
import { DoelenMetBedragen1764000200000 } from '../../migrations/1764000200000-DoelenMetBedragen';

/** Every migration, in order. Listed explicitly so the compiled service and the tests run the same set. */
export const MIGRATIONS = [
  EventStore1763800000000,
  Leesmodellen1763900000000,
  BedragenZonderNullagen1763942400000,
  HistorieInBlokken1763942500000,
  KopZonderForeignKey1763960000000,
  HistorieAlsPosities1764000000000,
  BedragenPerDoel1764000100000,
  DoelenMetBedragen1764000200000,
];

export const POOL_SIZE_CONNECTIONS = 10;

export function createDataSource(url: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: {
      max: POOL_SIZE_CONNECTIONS,
      // Fail fast when PostgreSQL is unreachable instead of hanging a request.
      connectionTimeoutMillis: 5000,
      statement_timeout: 30000,
    },
  });
}

export async function openDatabase(url: string): Promise<DataSource> {
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}
