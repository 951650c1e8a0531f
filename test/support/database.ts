import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../src/database/data-source';

/** The embedded PostgreSQL started by the jest global setup. */
export function testServerUrl(): string {
  const url = process.env.DATABASE_URL_TEST;
  if (!url) throw new Error('DATABASE_URL_TEST ontbreekt: draai de tests met jest (test/support/global-setup.mjs)');
  return url;
}

export function databaseUrl(database: string): string {
  const url = new URL(testServerUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh, migrated database for one suite: no suite sees another's events. */
export async function createTestDatabase(): Promise<{ url: string; name: string }> {
  const name = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return { url: databaseUrl(name), name };
}

export async function openTestDatabase(): Promise<DataSource> {
  const { url } = await createTestDatabase();
  return openDatabase(url);
}
