// Before/after of the store's append in one process (issue 7, part 1): the store of an older build
// (BENCH_VOOR_DIST, its `dist/` directory, e.g. from `git archive <commit>` built with tsc) and of this
// one, each on its own database of one embedded PostgreSQL, with Emmett's appendToStream and the raw
// prepared INSERT beside them, in 1 s slices taken in turn (RONDES rounds, default 9). On a machine that
// others load, a slow stretch then hits all four alike, which three 3 s scenarios after one another
// (bench/append.mjs) do not guarantee. Ratios are taken per round, then their median.
// Run: npm run build && BENCH_VOOR_DIST=/tmp/voor/dist node bench/append-ab.mjs
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
const require = createRequire(import.meta.url);
require('reflect-metadata');
const pg = require('pg');
const na = (p) => require(join(process.cwd(), 'dist', p));
const VOOR_DIST = process.env.BENCH_VOOR_DIST;
if (!VOOR_DIST) throw new Error('BENCH_VOOR_DIST ontbreekt: de dist/ van de build om mee te vergelijken');
const voor = (p) => require(join(VOOR_DIST, p));
const { startEmbeddedPostgres } = na('src/database/embedded-postgres.js');
const { tagsVan } = na('src/domain/tags.js');
const dir = mkdtempSync(join(tmpdir(), 'ab-'));
const db = await startEmbeddedPostgres(dir, () => {});
const admin = new pg.Client({ connectionString: db.url }); await admin.connect();
const url = (naam) => { const u = new URL(db.url); u.pathname = `/${naam}`; return u.toString(); };
for (const naam of ['voor', 'na', 'emmett', 'raw']) await admin.query(`CREATE DATABASE ${naam}`);
const dsVoor = await voor('src/database/data-source.js').openDatabase(url('voor'));
const dsNa = await na('src/database/data-source.js').openDatabase(url('na'));
const storeVoor = new (voor('src/event-store/postgres-event-store.js').PostgresEventStore)(dsVoor);
const storeNa = new (na('src/event-store/postgres-event-store.js').PostgresEventStore)(dsNa);
const emmett = getPostgreSQLEventStore(url('emmett'));
const raw = new pg.Pool({ connectionString: url('raw'), max: 8 });
await raw.query('CREATE TABLE bench_raw (id bigserial PRIMARY KEY, stream text NOT NULL, data jsonb NOT NULL)');
const realisatie = (i) => ({ type: 'RealisatieGeboekt', data: { jaar: 2020, regels: [{ doel: `${1 + (i % 10)}.1.1`, kolom: 'lasten', bedrag: `${i}.00` }] } });
const metadata = () => ({ actor: { subject: 'bench', rol: 'accountant' }, correlationId: randomUUID(), causationId: randomUUID() });
const append = (store) => (w, i, gemeente) => { const e = realisatie(i); return store.append(gemeente, `begroting-${gemeente}-2020`, [{ eventId: randomUUID(), type: e.type, schemaVersion: 1, datum: '2020-06-30', data: e.data, metadata: metadata(), tags: tagsVan(e) }], { expectedVersion: 'elke' }); };
const ops = {
  raw: (w, i) => raw.query({ name: 'bench-raw', text: 'INSERT INTO bench_raw (stream, data) VALUES ($1, $2::jsonb)', values: [`raw-${w}`, JSON.stringify(realisatie(i).data)] }),
  emmett: (w, i) => emmett.appendToStream(`realisatie-${w}`, [realisatie(i)]),
  voor: (w, i) => append(storeVoor)(w, i, `GM${9001 + w}`),
  na: (w, i) => append(storeNa)(w, i, `GM${9001 + w}`),
};
async function meet(schrijvers, op, seconden) {
  const start = performance.now(); const einde = start + seconden * 1000; let klaar = 0;
  await Promise.all(Array.from({ length: schrijvers }, async (_, w) => { for (let i = 0; performance.now() < einde; i++) { await op(w, i); klaar++; } }));
  return klaar / ((performance.now() - start) / 1000);
}
for (const op of Object.values(ops)) await meet(8, op, 0.5);
const RONDES = Number(process.env.RONDES ?? 9);
const uit = {};
for (const schrijvers of [1, 8]) {
  const rondes = [];
  for (let r = 0; r < RONDES; r++) { const c = {}; for (const [naam, op] of Object.entries(ops)) c[naam] = await meet(schrijvers, op, 1); rondes.push(c); }
  const med = (f) => { const v = rondes.map(f).sort((a, b) => a - b); return +v[Math.floor(v.length / 2)].toFixed(2); };
  uit[schrijvers] = { perSeconde: Object.fromEntries(Object.keys(ops).map((k) => [k, Math.round(med((c) => c[k]))])),
    naTovVoor: med((c) => c.na / c.voor), voorTovEmmett: med((c) => c.voor / c.emmett), naTovEmmett: med((c) => c.na / c.emmett), voorTovRaw: med((c) => c.voor / c.raw), naTovRaw: med((c) => c.na / c.raw) };
  console.error(schrijvers, JSON.stringify(uit[schrijvers]));
}
console.log(JSON.stringify(uit));
await emmett.close(); await raw.end(); await dsVoor.destroy(); await dsNa.destroy(); await admin.end(); await db.stop(); rmSync(dir, { recursive: true, force: true });
