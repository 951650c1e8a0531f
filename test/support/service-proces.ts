import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Rol } from '../../src/auth/principal';
import { signToken } from '../../src/auth/tokens';
import { vrijePoort } from '../../src/shared/vrije-poort';

const ROOT = join(__dirname, '..', '..');
const START_POGINGEN = 600;

/**
 * The built service (`node dist/src/main.js`) as a separate process on a given database, as a user
 * runs it, so a test can kill it with SIGKILL. Needs `npm run build` first (`npm run test:zwaar` does).
 */
export class ServiceProces {
  private proces: ChildProcess | null = null;
  readonly secret = randomBytes(24).toString('base64url');
  log = '';

  private constructor(
    readonly databaseUrl: string,
    readonly port: number,
  ) {}

  static async maak(databaseUrl: string): Promise<ServiceProces> {
    return new ServiceProces(databaseUrl, await vrijePoort());
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  token(rollen: Rol[], gemeenten: string[]): string {
    return signToken(this.secret, { sub: `proef-${rollen.join('-')}`, rollen, gemeenten });
  }

  async start(): Promise<void> {
    const proces = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: this.databaseUrl, PORT: String(this.port), HOST: '127.0.0.1', LEDGER_JWT_SECRET: this.secret, LEDGER_RATE_LIMIT_PER_MINUUT: '1000000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proces.stdout?.on('data', (data: Buffer) => (this.log += data.toString()));
    proces.stderr?.on('data', (data: Buffer) => (this.log += data.toString()));
    this.proces = proces;
    for (let poging = 0; poging < START_POGINGEN; poging++) {
      if (proces.exitCode !== null) throw new Error(`de service stopte bij het starten:\n${this.log}`);
      const gezond = await fetch(`${this.base}/api/v1/gezondheid`).then((antwoord) => antwoord.ok, () => false);
      if (gezond) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`de service werd niet gezond:\n${this.log}`);
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed; like pulling the plug on the process. */
  async killHard(): Promise<void> {
    const proces = this.proces;
    if (!proces) return;
    this.proces = null;
    const gestopt = new Promise((resolve) => proces.once('exit', resolve));
    proces.kill('SIGKILL');
    await gestopt;
  }

  async stop(): Promise<void> {
    const proces = this.proces;
    if (!proces) return;
    this.proces = null;
    const gestopt = new Promise((resolve) => proces.once('exit', resolve));
    proces.kill('SIGTERM');
    await gestopt;
  }
}
