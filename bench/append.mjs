// Append throughput (issue 7, part 1): commands/s through the service's command path and events/s
// through the store, with 1 and 8 concurrent writers, against two references on the same embedded
// PostgreSQL: Emmett's `appendToStream` (the peer) and raw single-row INSERT transactions (the limit).
//
// What each row measures (every operation writes exactly one event or row and commits it):
// - raw:          `INSERT INTO bench_raw (stream, data) VALUES ($1, $2::jsonb)` on a pg pool, autocommit,
//                 as a prepared (named) statement: one round trip, one commit per row. The limit: nothing
//                 is read, checked, indexed beyond the key or hashed. `rawOnvoorbereid`: the same, unprepared.
// - emmett:       `getPostgreSQLEventStore(url).appendToStream(stream, [event])`, one stream per writer.
// - store:        `PostgresEventStore.append(gemeente, stream, [event], { expectedVersion: 'elke' })`:
//                 the gemeente's head lock, the stream version, the hash chain, the insert, the head update.
//                 8 writers either on 8 budget years of ONE gemeente (its appends serialise on the head row
//                 by design: one ordering domain per gemeente) or on 8 gemeenten.
// - commandBus:   `CommandBus.execute(new VoerBegrotingCommandUit(BoekRealisatie, context))` in the Nest app:
//                 the command path below HTTP (stream states, decide, append). The CommandExecutor queues a
//                 gemeente's commands in-process, so 8 writers on one gemeente run one after another.
// - http:         `POST /api/v1/gemeenten/{gm}/begrotingen/{jaar}/realisaties` with fetch to the app listening
//                 on 127.0.0.1 in this process: JWT, validation, DTO mapping, the command path, the 201 answer.
//                 The client shares the process (and the two cores) with the service.
// The background projection loop is off (`projecties.achtergrond: false`): it is not on the command
// path, and on two cores its catch-up would land at random in one scenario or another.
// Each round runs every scenario for BENCH_SECONDEN seconds; 3 rounds; medians, and each ratio taken
// within a round (the figures of one round share the machine's state) and then its median.
// Run: npm run bench -- append   (or: npm run build && node bench/append.mjs)
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';

import { dist, mediaan } from './gedeeld.mjs';

const require = createRequire(import.meta.url);
const pg = require('pg');
const { CommandBus } = require('@nestjs/cqrs');
const { startEmbeddedPostgres } = dist('src/database/embedded-postgres.js');
const { openDatabase } = dist('src/database/data-source.js');
const { PostgresEventStore } = dist('src/event-store/postgres-event-store.js');
const { tagsVan } = dist('src/domain/tags.js');
const { newEventId } = dist('src/shared/ids.js');
const { createApp } = dist('src/http/create-app.js');
const { loadConfig } = dist('src/config/config.js');
const { LedgerSettings } = dist('src/config/ledger-settings.js');
const { signToken } = dist('src/auth/tokens.js');
const { VoerBegrotingCommandUit } = dist('src/application/begroting-command.handler.js');

const SECONDEN = Number(process.env.BENCH_SECONDEN ?? 3);
const WARMUP_SECONDEN = 0.5;
const RONDES = 3;
const WRITERS = 8;
export const DOELEN = 20;
const SECRET = 'bench-secret-0123456789';
const JAREN = Array.from({ length: WRITERS }, (_, i) => 2020 + i);
export const doelCode = (i) => `${1 + (i % 10)}.${1 + Math.floor(i / 10)}.1`;
export const bedrag = (i) => `${(i * 7919) % 100_000}.${String(i % 100).padStart(2, '0')}`;
export const RAW_INSERT = 'INSERT INTO bench_raw (stream, data) VALUES ($1, $2::jsonb)';

/** The one event every store-level scenario writes: a one-line realisatie, as the command path would. */
export function realisatie(jaar, i) {
  return { type: 'RealisatieGeboekt', data: { jaar, regels: [{ doel: doelCode(i % DOELEN), kolom: 'lasten', bedrag: bedrag(i) }] } };
}
export const metadata = () => ({ actor: { subject: 'bench', rol: 'accountant' }, correlationId: randomUUID(), causationId: randomUUID() });

/**
 * Runs `schrijvers` loops side by side until the deadline; each loop calls `operatie(schrijver, i)`,
 * which writes one event. Returns operations per second over the whole window.
 */
async function meet(schrijvers, operatie, seconden = SECONDEN) {
  const start = performance.now();
  const einde = start + seconden * 1000;
  let klaar = 0;
  await Promise.all(Array.from({ length: schrijvers }, async (_, schrijver) => {
    for (let i = 0; performance.now() < einde; i++) {
      await operatie(schrijver, i);
      klaar++;
    }
  }));
  return Math.round(klaar / ((performance.now() - start) / 1000));
}

async function zetServiceKlaar(app, gemeenten) {
  const base = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/api/v1`;
  const token = (rol) => signToken(SECRET, { sub: `bench-${rol}`, rollen: [rol], gemeenten: ['*'] });
  const vraag = async (pad, body, rol, method = 'POST') => {
    const antwoord = await fetch(`${base}${pad}`, { method, body: JSON.stringify(body), headers: { authorization: `Bearer ${token(rol)}`, 'content-type': 'application/json' } });
    if (!antwoord.ok) throw new Error(`${pad}: ${antwoord.status} ${await antwoord.text()}`);
  };
  const doelen = Array.from({ length: DOELEN }, (_, i) => ({ code: doelCode(i), naam: `Doel ${doelCode(i)}` }));
  for (const [gemeente, jaren] of gemeenten) {
    await vraag('/gemeenten', { code: gemeente, naam: `Gemeente ${gemeente}` }, 'beheerder');
    for (const jaar of jaren) {
      await vraag(`/gemeenten/${gemeente}/begrotingen/${jaar}/doelen`, { doelen }, 'beheerder', 'PUT');
      await vraag(`/gemeenten/${gemeente}/begrotingen/${jaar}/vaststelling`, {
        besluit: { datum: `${jaar - 1}-11-08`, orgaan: 'raad', kenmerk: `Begroting ${jaar}` },
        regels: doelen.map((doel) => ({ doel: doel.code, lasten: '1000000.00', baten: '0.00', toevoegingReserves: [], onttrekkingReserves: [] })),
      }, 'controller');
    }
  }
  return { base, token: token('accountant') };
}

export async function benchAppend() {
  const dir = mkdtempSync(join(tmpdir(), 'begroot-bench-append-'));
  const db = await startEmbeddedPostgres(dir, () => {});
  const dataSource = await openDatabase(db.url);
  const raw = new pg.Pool({ connectionString: db.url, max: WRITERS });
  // An idle client that PostgreSQL's shutdown disconnects must not end the process.
  raw.on('error', () => undefined);
  const emmett = getPostgreSQLEventStore(db.url);
  const app = await createApp({
    dataSource,
    settings: new LedgerSettings(loadConfig({ LEDGER_JWT_SECRET: SECRET, DATABASE_URL: 'extern', LEDGER_RATE_LIMIT_PER_MINUUT: '1000000' }), SECRET),
    logger: false,
    projecties: { achtergrond: false },
  });
  try {
    await app.listen(0, '127.0.0.1');
    const store = new PostgresEventStore(dataSource);
    const commandBus = app.get(CommandBus);
    await raw.query('CREATE TABLE bench_raw (id bigserial PRIMARY KEY, stream text NOT NULL, data jsonb NOT NULL)');
    // Gemeenten of the command path: GM0001 with 8 years (one gemeente), GM0011…GM0018 with one year each (across gemeenten).
    const eenGemeente = 'GM0001';
    const verspreid = JAREN.map((_, i) => `GM${String(11 + i).padStart(4, '0')}`);
    const { base, token } = await zetServiceKlaar(app, [[eenGemeente, JAREN], ...verspreid.map((gemeente) => [gemeente, [JAREN[0]]])]);

    // The limit as a prepared statement (parsed and planned once per connection, as the store's own
    // statement is); the same INSERT unprepared is reported beside it.
    const rawInsert = (schrijver, i) => raw.query({ name: 'bench-raw', text: RAW_INSERT, values: [`raw-${schrijver}`, JSON.stringify(realisatie(JAREN[0], i).data)] });
    const rawOnvoorbereid = (schrijver, i) => raw.query(RAW_INSERT, [`raw-${schrijver}`, JSON.stringify(realisatie(JAREN[0], i).data)]);
    const emmettAppend = (schrijver, i) => emmett.appendToStream(`realisatie-${schrijver}`, [realisatie(JAREN[0], i)]);
    const storeAppend = (gemeente, jaar, i) => {
      const event = realisatie(jaar, i);
      return store.append(gemeente, `begroting-${gemeente}-${jaar}`, [{ eventId: newEventId(Date.now()), type: event.type, schemaVersion: 1, datum: `${jaar}-06-30`, data: event.data, metadata: metadata(), tags: tagsVan(event) }], { expectedVersion: 'elke' });
    };
    const storeGemeente = (w) => `GM${String(9001 + w).padStart(4, '0')}`;
    const opdracht = (gemeente, jaar, i) => ({ type: 'BoekRealisatie', gemeente, jaar, data: { datum: `${jaar}-06-30`, regels: [{ doel: doelCode(i % DOELEN), kolom: 'lasten', bedrag: bedrag(i) }] }, nu: new Date().toISOString(), actor: { subject: 'bench-accountant', rol: 'accountant' } });
    const viaBus = async (gemeente, jaar, i) => {
      const context = { actor: { subject: 'bench-accountant', rol: 'accountant' }, principalGemeenten: '*', correlationId: randomUUID(), requestId: randomUUID() };
      const uitkomst = await commandBus.execute(new VoerBegrotingCommandUit(opdracht(gemeente, jaar, i), context));
      if (uitkomst.status !== 'geschreven') throw new Error(`command niet geschreven: ${JSON.stringify(uitkomst)}`);
    };
    const viaHttp = async (gemeente, jaar, i) => {
      const antwoord = await fetch(`${base}/gemeenten/${gemeente}/begrotingen/${jaar}/realisaties`, {
        method: 'POST',
        body: JSON.stringify({ datum: `${jaar}-06-30`, regels: [{ doel: doelCode(i % DOELEN), kolom: 'lasten', bedrag: bedrag(i) }] }),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
      await antwoord.arrayBuffer();
      if (antwoord.status !== 201) throw new Error(`realisatie: ${antwoord.status}`);
    };

    const scenarios = {
      'raw.1': [1, rawInsert],
      'raw.8': [WRITERS, rawInsert],
      'rawOnvoorbereid.1': [1, rawOnvoorbereid],
      'rawOnvoorbereid.8': [WRITERS, rawOnvoorbereid],
      'emmett.1': [1, emmettAppend],
      'emmett.8': [WRITERS, emmettAppend],
      'store.1': [1, (w, i) => storeAppend(storeGemeente(0), JAREN[0], i)],
      'store.8.eenGemeente': [WRITERS, (w, i) => storeAppend(storeGemeente(0), JAREN[w], i)],
      'store.8.verspreid': [WRITERS, (w, i) => storeAppend(storeGemeente(w), JAREN[0], i)],
      'commandBus.1': [1, (w, i) => viaBus(eenGemeente, JAREN[0], i)],
      'commandBus.8.eenGemeente': [WRITERS, (w, i) => viaBus(eenGemeente, JAREN[w], i)],
      'commandBus.8.verspreid': [WRITERS, (w, i) => viaBus(verspreid[w], JAREN[0], i)],
      'http.1': [1, (w, i) => viaHttp(eenGemeente, JAREN[0], i)],
      'http.8.eenGemeente': [WRITERS, (w, i) => viaHttp(eenGemeente, JAREN[w], i)],
      'http.8.verspreid': [WRITERS, (w, i) => viaHttp(verspreid[w], JAREN[0], i)],
    };
    // BENCH_SCENARIOS=store,raw: only the scenarios whose name starts with one of these (a quick try).
    const gekozen = process.env.BENCH_SCENARIOS?.split(',');
    if (gekozen) for (const naam of Object.keys(scenarios)) if (!gekozen.some((prefix) => naam.startsWith(prefix))) delete scenarios[naam];
    // Warm-up: Emmett creates its schema on the first append; every path compiles and fills its caches.
    await emmettAppend(0, 0);
    for (const [schrijvers, operatie] of Object.values(scenarios)) await meet(schrijvers, operatie, WARMUP_SECONDEN);

    const rondes = [];
    for (let ronde = 0; ronde < RONDES; ronde++) {
      const cijfers = {};
      for (const [naam, [schrijvers, operatie]] of Object.entries(scenarios)) cijfers[naam] = await meet(schrijvers, operatie);
      rondes.push(cijfers);
      console.error(`append ronde ${ronde + 1}: ${JSON.stringify(cijfers)}`);
    }
    const mediaanVan = (naam) => mediaan(rondes.map((cijfers) => cijfers[naam]));
    const verhouding = (teller, noemer) => (teller in scenarios && noemer in scenarios ? +mediaan(rondes.map((cijfers) => cijfers[teller] / cijfers[noemer])).toFixed(2) : null);
    const perSeconde = Object.fromEntries(Object.keys(scenarios).map((naam) => [naam, mediaanVan(naam)]));
    return {
      seconden: SECONDEN,
      rondes: RONDES,
      writers: WRITERS,
      perSeconde,
      verhoudingen: {
        storeTovEmmett: { 1: verhouding('store.1', 'emmett.1'), '8.verspreid': verhouding('store.8.verspreid', 'emmett.8'), '8.eenGemeente': verhouding('store.8.eenGemeente', 'emmett.8'), doel: 1.5 },
        storeTovRaw: { 1: verhouding('store.1', 'raw.1'), '8.verspreid': verhouding('store.8.verspreid', 'raw.8'), '8.eenGemeente': verhouding('store.8.eenGemeente', 'raw.8'), doel: 0.5 },
        storeTovRawOnvoorbereid: { 1: verhouding('store.1', 'rawOnvoorbereid.1'), '8.verspreid': verhouding('store.8.verspreid', 'rawOnvoorbereid.8'), '8.eenGemeente': verhouding('store.8.eenGemeente', 'rawOnvoorbereid.8') },
        commandBusTovEmmett: { 1: verhouding('commandBus.1', 'emmett.1'), '8.verspreid': verhouding('commandBus.8.verspreid', 'emmett.8'), '8.eenGemeente': verhouding('commandBus.8.eenGemeente', 'emmett.8') },
        commandBusTovRaw: { 1: verhouding('commandBus.1', 'raw.1'), '8.verspreid': verhouding('commandBus.8.verspreid', 'raw.8'), '8.eenGemeente': verhouding('commandBus.8.eenGemeente', 'raw.8') },
        httpTovEmmett: { 1: verhouding('http.1', 'emmett.1'), '8.verspreid': verhouding('http.8.verspreid', 'emmett.8'), '8.eenGemeente': verhouding('http.8.eenGemeente', 'emmett.8') },
        httpTovRaw: { 1: verhouding('http.1', 'raw.1'), '8.verspreid': verhouding('http.8.verspreid', 'raw.8'), '8.eenGemeente': verhouding('http.8.eenGemeente', 'raw.8') },
      },
      rondesPerSeconde: rondes,
    };
  } finally {
    await app.close();
    await emmett.close();
    await raw.end();
    await dataSource.destroy();
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchAppend(), null, 2));
