// What the benchmarks share: the built service's modules, a median, a free port, and the built service
// started as a process of its own (so its memory and CPU are measured alone).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
require('reflect-metadata');

/** A module of the built service (`npm run build` first; `npm run bench` does). */
export const dist = (path) => require(join(process.cwd(), 'dist', path));

export const mediaan = (waarden) => [...waarden].sort((a, b) => a - b)[Math.floor(waarden.length / 2)];

/** A TCP port free on 127.0.0.1, below the ephemeral range (src/shared/vrije-poort.ts). */
export const vrijePoort = () => dist('src/shared/vrije-poort.js').vrijePoort();

const START_TIMEOUT_MS = 30_000;

/**
 * The built service (`<distMap>/src/main.js`) as a process of its own on `databaseUrl`, started with
 * `nodeFlags` and extra `env`, once it answers its health check.
 */
export async function startService({ distMap = 'dist', databaseUrl, secret, nodeFlags = [], env = {} }) {
  const poort = await vrijePoort();
  const proces = spawn(process.execPath, [...nodeFlags, join(distMap, 'src/main.js')], {
    env: { ...process.env, PORT: String(poort), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LEDGER_JWT_SECRET: secret, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const basis = `http://127.0.0.1:${poort}/api/v1`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      if ((await fetch(`${basis}/gezondheid`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline || proces.exitCode !== null) {
      proces.kill('SIGTERM');
      throw new Error(`de service in ${distMap} start niet`);
    }
    await new Promise((klaar) => setTimeout(klaar, 100));
  }
  return {
    basis,
    pid: proces.pid,
    /** Peak and current resident memory in MB (Linux: VmHWM and VmRSS of /proc/<pid>/status). */
    geheugen() {
      const status = readFileSync(`/proc/${proces.pid}/status`, 'utf8');
      const kB = (naam) => Number(new RegExp(`${naam}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
      return { piekMB: Math.round(kB('VmHWM') / 1024), nuMB: Math.round(kB('VmRSS') / 1024) };
    },
    /** CPU time the process used so far (user + system), in ms: comparable under a noisy machine's load where latency is not. */
    cpuMs() {
      const velden = readFileSync(`/proc/${proces.pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      // Fields 14 and 15 of stat (utime, stime) in clock ticks of 10 ms; after "pid (comm) " they are the 12th and 13th.
      return (Number(velden[11]) + Number(velden[12])) * 10;
    },
    async stop() {
      proces.kill('SIGTERM');
      if (proces.exitCode === null) await new Promise((klaar) => proces.once('exit', klaar));
    },
  };
}
