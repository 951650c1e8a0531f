// Report latency on a gemeente with 300 doelen and 10,000 events in one year (issue 7, part 3; issue 4
// asks how as-of stays fast). Starts an embedded PostgreSQL in a temp dir, writes the history straight
// to the event store, then starts the built service as a process of its own (as bench/import.mjs does)
// and loads each report with autocannon from this process: 32 connections, BENCH_SECONDEN seconds per
// report, three rounds, medians. The load generator no longer shares the service's event loop (the
// earlier version fired Node fetch from inside the service's process, which inflated the latency).
//
// Run: npm run bench -- rapporten   (or: npm run build && node bench/rapporten.mjs)
// BENCH_VOOR_DIST=<dir>: also measure a second build (e.g. a copy of dist/ from before a change), in
//   the same rounds, alternating with dist/, so before and after share the machine's load.
// BENCH_CPU_PROF=<dir>: run the service under `node --cpu-prof` and write its profiles there.
// BENCH_RAPPORTEN=<naam,…>: measure only these reports (e.g. verschillenanalyse, to profile one path).
import autocannon from 'autocannon';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dist, mediaan, startService } from './gedeeld.mjs';

const { startEmbeddedPostgres } = dist('src/database/embedded-postgres.js');
const { openDatabase } = dist('src/database/data-source.js');
const { PostgresEventStore } = dist('src/event-store/postgres-event-store.js');
const { tagsVan } = dist('src/domain/tags.js');
const { signToken } = dist('src/auth/tokens.js');

const DOELEN = 300;
const EVENTS_IN_JAAR = 10_000;
const CONNECTIONS = 32;
const RONDES = Number(process.env.BENCH_RONDES ?? 3);
/** Seconds of load per report and round; one more second of load before each warms the path up. */
const SECONDEN_PER_RAPPORT = Number(process.env.BENCH_SECONDEN ?? 5);
const OPWARMEN_SECONDEN = 1;
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

/** The built service (`<distMap>/src/main.js`) as a process of its own on the bench database. */
function startBuild(distMap, databaseUrl, secret) {
  const profielMap = process.env.BENCH_CPU_PROF;
  const nodeFlags = profielMap ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profielMap)}`] : [];
  return startService({ distMap, databaseUrl, secret, nodeFlags, env: { LEDGER_RATE_LIMIT_PER_MINUUT: '1000000' } });
}

/**
 * One report under CONNECTIONS concurrent connections for `seconden`: p50/p99 in ms, requests/s, and
 * the service's CPU time per answer in ms (what the service itself spends, whatever else runs).
 */
async function laad(service, url, token, seconden) {
  const cpuVoor = service.cpuMs();
  const resultaat = await autocannon({ url, connections: CONNECTIONS, duration: seconden, headers: { authorization: `Bearer ${token}` }, timeout: 30 });
  const cpuMs = service.cpuMs() - cpuVoor;
  const fouten = resultaat.errors + resultaat.timeouts + resultaat.non2xx;
  if (fouten > 0) console.error(`${url}: ${fouten} fouten (${JSON.stringify(resultaat.statusCodeStats)})`);
  const rps = Math.round(resultaat.requests.total / resultaat.duration);
  return { p50Ms: resultaat.latency.p50, p99Ms: resultaat.latency.p99, rps, cpuMsPerAntwoord: +(cpuMs / resultaat.requests.total).toFixed(3), requests: resultaat.requests.total, fouten };
}

async function tijd(url, token) {
  const start = performance.now();
  const antwoord = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  await antwoord.arrayBuffer();
  if (antwoord.status !== 200) throw new Error(`${url}: ${antwoord.status}`);
  return performance.now() - start;
}

/** The reports issue 7 names, each a URL on the 2022 budget year of the bench gemeente. */
function rapporten(basis) {
  const jaar = `${basis}/gemeenten/${GEMEENTE}/begrotingen/${JAAR}`;
  const doel = doelCode(17);
  return {
    verschillenanalyse: `${jaar}/verschillenanalyse`,
    doeloverzicht: `${jaar}/doelen/${doel}/overzicht`,
    asOfPeildatum: `${jaar}/doelen/${doel}/overzicht?peildatum=${JAAR}-06-30`,
    asOfPositie: `${jaar}/verschillenanalyse?positie=5000`,
    // Not targets of issue 7; measured because histories are folded on read from their events' positions.
    doelhistorie: `${jaar}/doelen/${doel}/historie`,
    reservehistorie: `${basis}/gemeenten/${GEMEENTE}/reserves/AR/historie?limiet=100`,
  };
}

/** One round on one build: a fresh service process, each report warmed up for a second, then measured. */
async function ronde(distMap, databaseUrl, secret, token, eerste) {
  const service = await startBuild(distMap, databaseUrl, secret);
  try {
    const urls = rapporten(service.basis);
    const extra = {};
    if (eerste) {
      // The first read after the 10,000 events were written projects them (inline, as the leader).
      extra.eersteLeesMs = Math.round(await tijd(urls.verschillenanalyse, token));
      // Cold as-of: each a peildatum not asked before in this process, so the log is read and folded for it.
      const koud = [];
      for (let dag = 1; dag <= 5; dag++) koud.push(await tijd(`${urls.doeloverzicht}?peildatum=${JAAR}-09-0${dag}`, token));
      extra.asOfKoudMediaanMs = Math.round(mediaan(koud));
      // Cold histories: the first request reads the subject's events by position and folds them (a doel:
      // ~35 events; reserve AR: the adopted budget and 2,500 reservemutaties).
      extra.doelhistorieKoudMs = Math.round(await tijd(urls.doelhistorie, token));
      extra.reservehistorieKoudMs = Math.round(await tijd(urls.reservehistorie, token));
      // After one more reservemutatie the history goes on from the load above: only the new event is folded.
      const accountant = signToken(secret, { sub: 'bench', rollen: ['accountant'], gemeenten: [GEMEENTE] });
      const geboekt = await fetch(`${service.basis}/gemeenten/${GEMEENTE}/begrotingen/${JAAR}/reservemutaties`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accountant}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reserve: 'AR', doel: doelCode(3), soort: 'onttrekking', bedrag: '10.00', datum: `${JAAR}-12-31` }),
      });
      if (geboekt.status !== 201) throw new Error(`reservemutatie: ${geboekt.status} ${await geboekt.text()}`);
      extra.reservehistorieNaSchrijvenMs = Math.round(await tijd(urls.reservehistorie, token));
    }
    const gemeten = {};
    const gekozen = process.env.BENCH_RAPPORTEN?.split(',');
    for (const [naam, url] of Object.entries(urls).filter(([naam]) => !gekozen || gekozen.includes(naam))) {
      await laad(service, url, token, OPWARMEN_SECONDEN);
      gemeten[naam] = await laad(service, url, token, SECONDEN_PER_RAPPORT);
    }
    return { ...extra, gemeten };
  } finally {
    await service.stop();
  }
}

export async function benchRapporten() {
  const map = mkdtempSync(join(tmpdir(), 'begroot-bench-'));
  const db = await startEmbeddedPostgres(map, () => {});
  const secret = randomBytes(24).toString('base64url');
  const token = signToken(secret, { sub: 'bench', rollen: ['auditor'], gemeenten: [GEMEENTE] });
  const builds = [{ naam: 'na', dist: join(process.cwd(), 'dist') }];
  if (process.env.BENCH_VOOR_DIST) builds.unshift({ naam: 'voor', dist: resolve(process.env.BENCH_VOOR_DIST) });
  try {
    const dataSource = await openDatabase(db.url);
    const vulling = await vulLog(new PostgresEventStore(dataSource)).finally(() => dataSource.destroy());
    const perBuild = Object.fromEntries(builds.map((build) => [build.naam, { rondes: [] }]));
    for (let r = 0; r < RONDES; r++) {
      for (const build of builds) perBuild[build.naam].rondes.push(await ronde(build.dist, db.url, secret, token, r === 0 && build === builds[0]));
    }
    const resultaten = {};
    for (const build of builds) {
      const { rondes } = perBuild[build.naam];
      resultaten[build.naam] = Object.fromEntries(
        Object.keys(rondes[0].gemeten).map((rapport) => {
          const metingen = rondes.map((ronde) => ronde.gemeten[rapport]);
          const mediaanVan = (veld) => mediaan(metingen.map((meting) => meting[veld]));
          return [rapport, { p50Ms: mediaanVan('p50Ms'), p99Ms: mediaanVan('p99Ms'), rps: mediaanVan('rps'), cpuMsPerAntwoord: mediaanVan('cpuMsPerAntwoord'), rondes: metingen }];
        }),
      );
    }
    const { eersteLeesMs, asOfKoudMediaanMs, doelhistorieKoudMs, reservehistorieKoudMs, reservehistorieNaSchrijvenMs } = perBuild[builds[0].naam].rondes[0];
    return {
      vulling, connections: CONNECTIONS, secondenPerRapport: SECONDEN_PER_RAPPORT, rondes: RONDES,
      eersteLeesMs, asOfKoudMediaanMs, doelhistorieKoudMs, reservehistorieKoudMs, reservehistorieNaSchrijvenMs, resultaten,
    };
  } finally {
    await db.stop();
    rmSync(map, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchRapporten(), null, 2));
}
