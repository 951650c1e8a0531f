// Report latency on a gemeente with 300 doelen and 10,000 events in one year (issue 7, part 3; issue 4
// asks how as-of stays fast). Starts an embedded PostgreSQL in a temp dir, writes the history straight
// to the event store, starts the service in-process and fires 32 concurrent clients per report.
// Run: npm run bench -- rapporten   (or: npm run build && node bench/rapporten.mjs)
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dist = (path) => require(join(process.cwd(), 'dist', path));
require('reflect-metadata');
const { startEmbeddedPostgres } = dist('src/database/embedded-postgres.js');
const { openDatabase } = dist('src/database/data-source.js');
const { PostgresEventStore } = dist('src/event-store/postgres-event-store.js');
const { tagsVan } = dist('src/domain/tags.js');
const { createApp } = dist('src/http/create-app.js');
const { loadConfig } = dist('src/config/config.js');
const { LedgerSettings } = dist('src/config/ledger-settings.js');
const { signToken } = dist('src/auth/tokens.js');

const DOELEN = 300;
const EVENTS_IN_JAAR = 10_000;
const CLIENTS = 32;
const REQUESTS_PER_REPORT = Number(process.env.BENCH_REQUESTS ?? 640);
const GEMEENTE = 'GM0193';
const JAAR = 2022;

const doelCode = (i) => `${1 + (i % 10)}.${1 + (Math.floor(i / 10) % 10)}.${1 + Math.floor(i / 100)}`;
const bedrag = (i) => `${(i * 7919) % 1_000_000}.${String(i % 100).padStart(2, '0')}`;

function* historie() {
  const besluit = { datum: '2021-11-08', orgaan: 'raad', kenmerk: 'Begroting 2022' };
  yield { type: 'GemeenteGeregistreerd', data: { gemeente: GEMEENTE, naam: 'Zwolle' }, datum: '2021-01-01' };
  yield { type: 'ReserveIngesteld', data: { reserve: 'AR', naam: 'Algemene reserve', soort: 'algemeen', beginsaldo: '900000000.00', peildatum: '2022-01-01' }, datum: '2022-01-01' };
  const doelen = Array.from({ length: DOELEN }, (_, i) => ({ code: doelCode(i), naam: `Doel ${doelCode(i)}`, programma: doelCode(i).split('.').slice(0, 2).join('.') }));
  yield { type: 'DoelenVastgelegd', data: { jaar: JAAR, doelen }, datum: '2021-11-01' };
  yield {
    type: 'BegrotingVastgesteld',
    data: { jaar: JAAR, besluit, regels: doelen.map((doel, i) => ({ doel: doel.code, lasten: bedrag(i + 1), baten: bedrag(i + 7), toevoegingReserves: [], onttrekkingReserves: [{ reserve: 'AR', bedrag: '1000.00' }] })) },
    datum: '2021-11-08',
  };
  for (let i = 0; i < EVENTS_IN_JAAR - 4; i++) {
    const doel = doelCode(i % DOELEN);
    const datum = `${JAAR}-${String(1 + (i % 12)).padStart(2, '0')}-15`;
    switch (i % 4) {
      case 0: yield { type: 'RealisatieGeboekt', data: { jaar: JAAR, regels: [{ doel, kolom: 'lasten', bedrag: bedrag(i) }] }, datum }; break;
      case 1: yield { type: 'BegrotingswijzigingVastgesteld', data: { jaar: JAAR, kenmerk: `W-${i}`, besluit: { datum, orgaan: 'raad' }, onderdelen: [{ titel: `W ${i}`, budgettairNeutraal: false, aard: 'incidenteel', regels: [{ doel, kolom: 'lasten', bedrag: `-${bedrag(i)}` }] }] }, datum }; break;
      case 2: yield { type: 'ReservemutatieGeboekt', data: { jaar: JAAR, reserve: 'AR', doel, soort: 'onttrekking', bedrag: '10.00' }, datum }; break;
      default: yield { type: 'VerschilToegelicht', data: { jaar: JAAR, doel, kolom: 'lasten', tekst: `Toelichting ${i}` }, datum };
    }
  }
}

async function vulLog(store) {
  const start = Date.now();
  let n = 0;
  for (const { type, data, datum } of historie()) {
    const stream = data.jaar ? `begroting-${GEMEENTE}-${data.jaar}` : `gemeente-${GEMEENTE}`;
    const metadata = { actor: { subject: 'bench', rol: 'controller' }, correlationId: randomUUID(), causationId: randomUUID() };
    await store.append(GEMEENTE, stream, [{ eventId: randomUUID(), type, schemaVersion: 1, datum, data, metadata, tags: tagsVan({ type, data }) }], { expectedVersion: 'elke' });
    n++;
  }
  return { events: n, ms: Date.now() - start };
}

const percentiel = (gesorteerd, p) => gesorteerd[Math.min(gesorteerd.length - 1, Math.floor((p / 100) * gesorteerd.length))];

async function meet(url, token, requests = REQUESTS_PER_REPORT) {
  const tijden = [];
  let volgende = 0;
  let fouten = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (volgende < requests) {
      volgende++;
      const t0 = performance.now();
      try {
        const antwoord = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        await antwoord.arrayBuffer();
        if (antwoord.status !== 200) fouten++;
      } catch (error) {
        if (fouten++ === 0) console.error(`eerste fout op ${url}: ${error.cause?.code ?? error.message}`);
      }
      tijden.push(performance.now() - t0);
    }
  }));
  const duur = (performance.now() - start) / 1000;
  tijden.sort((a, b) => a - b);
  return { p50Ms: +percentiel(tijden, 50).toFixed(1), p99Ms: +percentiel(tijden, 99).toFixed(1), rps: +(tijden.length / duur).toFixed(0), fouten };
}

export async function benchRapporten() {
  const dir = mkdtempSync(join(tmpdir(), 'begroot-bench-'));
  const db = await startEmbeddedPostgres(dir, () => {});
  const dataSource = await openDatabase(db.url);
  const app = await createApp({ dataSource, settings: new LedgerSettings(loadConfig({ LEDGER_JWT_SECRET: 'bench-secret-0123456789', DATABASE_URL: 'extern', LEDGER_RATE_LIMIT_PER_MINUUT: '1000000' }), 'bench-secret-0123456789'), logger: false });
  try {
    const vulling = await vulLog(new PostgresEventStore(dataSource));
    await app.listen(0, '127.0.0.1');
    const base = `${await app.getUrl()}/api/v1/gemeenten/${GEMEENTE}/begrotingen/${JAAR}`.replace('[::1]', '127.0.0.1');
    const token = signToken('bench-secret-0123456789', { sub: 'bench', rollen: ['auditor'], gemeenten: [GEMEENTE] });
    // Warm-up: the first read brings the read model to the head (a one-off projection of 10,000 events).
    const t0 = performance.now();
    await fetch(`${base}/verschillenanalyse`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer());
    const eersteLeesMs = +(performance.now() - t0).toFixed(0);
    const doel = doelCode(17);
    // Cold as-of: each a peildatum not asked before, so the log is read and folded for it (no cache).
    const koud = [];
    for (let dag = 1; dag <= 5; dag++) {
      const t = performance.now();
      await fetch(`${base}/doelen/${doel}/overzicht?peildatum=${JAAR}-09-0${dag}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer());
      koud.push(performance.now() - t);
    }
    const asOfKoudMediaanMs = +koud.sort((a, b) => a - b)[2].toFixed(0);
    const resultaten = {
      verschillenanalyse: await meet(`${base}/verschillenanalyse`, token),
      doeloverzicht: await meet(`${base}/doelen/${doel}/overzicht`, token),
      asOfPeildatum: await meet(`${base}/doelen/${doel}/overzicht?peildatum=${JAAR}-06-30`, token, 128),
      asOfPositie: await meet(`${base}/verschillenanalyse?positie=5000`, token, 128),
    };
    return { vulling, eersteLeesMs, asOfKoudMediaanMs, clients: CLIENTS, resultaten };
  } finally {
    await app.close();
    await dataSource.destroy();
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchRapporten(), null, 2));
}
