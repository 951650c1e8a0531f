// npm run bench [-- <name> …]: runs the benchmarks (all, or the named ones) against an embedded
// PostgreSQL and prints their results as JSON. Results with machine and date go into BENCHMARKS.md.
// Never part of `npm test`: timings are not assertions.
import os from 'node:os';
import { benchAppend } from './append.mjs';
import { benchAppendWal } from './append-wal.mjs';
import { benchHerbouw } from './herbouw.mjs';
import { benchImport } from './import.mjs';
import { benchRapporten } from './rapporten.mjs';

const BENCHMARKS = { append: benchAppend, 'append-wal': benchAppendWal, herbouw: benchHerbouw, rapporten: benchRapporten, import: benchImport };
const gevraagd = process.argv.slice(2);
const namen = gevraagd.length > 0 ? gevraagd : Object.keys(BENCHMARKS);
for (const naam of namen) if (!BENCHMARKS[naam]) throw new Error(`onbekende benchmark ${naam}; kies uit ${Object.keys(BENCHMARKS).join(', ')}`);

const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, geheugenGiB: +(os.totalmem() / 2 ** 30).toFixed(1), node: process.version, datum: new Date().toISOString() };
console.log(JSON.stringify({ machine }, null, 2));
for (const naam of namen) console.log(JSON.stringify({ [naam]: await BENCHMARKS[naam]() }, null, 2));
