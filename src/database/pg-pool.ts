import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The pg pool under a TypeORM PostgreSQL DataSource (its driver's `master`), for a statement that needs
 * no QueryRunner around it: `pool.query` takes a client, runs the statement and gives the client back.
 * One pool for the whole service, so the connection limit stays TypeORM's.
 */
export function pgPoolVan(dataSource: DataSource): Pool {
  const pool: unknown = (dataSource.driver as PostgresDriver).master;
  if (!(pool instanceof Pool)) throw new Error('de DataSource heeft (nog) geen pg-pool: is hij geïnitialiseerd, en op PostgreSQL?');
  return pool;
}
