import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { Rol } from '../../src/auth/principal';
import { signToken } from '../../src/auth/tokens';
import { loadConfig } from '../../src/config/config';
import { LedgerSettings } from '../../src/config/ledger-settings';
import { createApp } from '../../src/http/create-app';
import { openDatabase } from '../../src/database/data-source';
import type { ProjectieOpties } from '../../src/modules/projecties/projecties.service';
import { openTestDatabase } from './database';

/** The real service on a fresh database of the test PostgreSQL, and ways to talk to it as a given role. */
export interface TestApp {
  app: INestApplication;
  dataSource: DataSource;
  secret: string;
  http: () => ReturnType<typeof request>;
  token(rollen: Rol[], gemeenten: string[], sub?: string): string;
  as(rollen: Rol[], gemeenten: string[]): AsRole;
  eventCount(gemeente?: string): Promise<number>;
  close(): Promise<void>;
}

export interface AsRole {
  get(path: string): request.Test;
  post(path: string, body?: unknown, headers?: Record<string, string>): request.Test;
  put(path: string, body?: unknown): request.Test;
}

/**
 * `url`: start on an existing database (a restart); `projecties`: the projection loop's options;
 * `env`: further configuration variables (e.g. LEDGER_RATE_LIMIT_PER_MINUUT).
 */
export async function startTestApp(opties: { url?: string; projecties?: ProjectieOpties; env?: Record<string, string> } = {}): Promise<TestApp> {
  const dataSource = opties.url ? await openDatabase(opties.url) : await openTestDatabase();
  const secret = randomBytes(24).toString('base64url');
  // Generous by default: tests fire thousands of requests with one token; the limits test sets its own.
  const config = loadConfig({ LEDGER_RATE_LIMIT_PER_MINUUT: '1000000', ...opties.env, LEDGER_JWT_SECRET: secret, DATABASE_URL: 'extern' });
  const app = await createApp({ dataSource, settings: new LedgerSettings(config, secret), logger: process.env.BEGROOT_TEST_LOG ? undefined : false, projecties: opties.projecties });
  await app.init();
  const server = app.getHttpServer() as Server;
  const http = () => request(server);
  const token = (rollen: Rol[], gemeenten: string[], sub = `test-${rollen.join('-')}`) => signToken(secret, { sub, rollen, gemeenten });
  return {
    app,
    dataSource,
    secret,
    http,
    token,
    as(rollen, gemeenten) {
      const bearer = `Bearer ${token(rollen, gemeenten)}`;
      return {
        get: (path) => http().get(path).set('Authorization', bearer),
        post: (path, body, headers = {}) => {
          let test = http().post(path).set('Authorization', bearer);
          for (const [name, value] of Object.entries(headers)) test = test.set(name, value);
          return body === undefined ? test : test.send(body as object);
        },
        put: (path, body) => http().put(path).set('Authorization', bearer).send(body as object),
      };
    },
    async eventCount(gemeente?: string) {
      const rows = (await dataSource.query(
        gemeente ? 'SELECT count(*)::int AS n FROM events WHERE gemeente = $1' : 'SELECT count(*)::int AS n FROM events',
        gemeente ? [gemeente] : [],
      )) as { n: number }[];
      return rows[0].n;
    },
    async close() {
      await app.close();
      await dataSource.destroy();
    },
  };
}

let counter = 0;
/** A fresh CBS-style code per test, so tests never share a gemeente. */
export function freshGemeente(): string {
  counter += 1;
  return `GM${String(1000 + ((process.pid * 37 + counter * 101) % 9000)).padStart(4, '0')}`;
}
