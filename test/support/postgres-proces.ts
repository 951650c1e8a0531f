import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { createInterface } from 'node:readline';
import { vrijePoort } from '../../src/shared/vrije-poort';

const START_TIMEOUT_MS = 60_000;

/** A PostgreSQL of one test (test/support/postgres-proces.mjs), which the test may stop and start again. */
export class EigenPostgres {
  private proces: ChildProcessWithoutNullStreams | null = null;
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async maak(): Promise<EigenPostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'begroot-eigen-pg-'));
    if (process.getuid?.() === 0) {
      // The cluster runs as the `postgres` user, which must be able to traverse to its directory.
      for (let pad = dir; pad !== parse(pad).root; pad = dirname(pad)) {
        const { mode } = statSync(pad);
        if ((mode & 0o001) === 0) chmodSync(pad, mode | 0o001);
      }
    }
    return new EigenPostgres(dir, await vrijePoort());
  }

  get url(): string {
    return `postgres://postgres:test@127.0.0.1:${this.port}/postgres`;
  }

  async start(): Promise<void> {
    const proces = spawn(process.execPath, [join(__dirname, 'postgres-proces.mjs'), this.dir, String(this.port)], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proces = proces;
    await wachtOpRegel(proces, /^gereed /);
  }

  async stop(): Promise<void> {
    const proces = this.proces;
    if (!proces) return;
    this.proces = null;
    proces.stdin.write('stop\n');
    await wachtOpRegel(proces, /^gestopt$/);
  }
}

function wachtOpRegel(proces: ChildProcessWithoutNullStreams, patroon: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PostgreSQL-proces: geen "${patroon.source}" binnen ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    let fouten = '';
    proces.stderr.on('data', (data: Buffer) => (fouten += data.toString()));
    const regels = createInterface({ input: proces.stdout });
    regels.on('line', (regel) => {
      if (!patroon.test(regel)) return;
      clearTimeout(timer);
      regels.close();
      resolve();
    });
    proces.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`PostgreSQL-proces stopte met ${code}: ${fouten}`));
    });
  });
}
