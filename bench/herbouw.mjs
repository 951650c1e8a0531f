// Rebuild of every read model from 1,000,000 events (issue 7, part 2): events/s and peak RSS, against
// reading the same rows in order and folding them in memory with big.js (the limit).
//
// The history: 342 gemeenten, 5 to 10 budget years each (7.5 on average), per year the doelen, the
// adopted budget (one line per doel, some drawing on or adding to a reserve), then one booking per
// doel in a realistic mix (realisaties, wijzigingen, reservemutaties, toelichtingen, projectmutaties,
// a few multi-line journals), the jaarrekening of every closed year and the balance-sheet figure of a
// reserve; the registry stream has the gemeente, two reserves and two kredieten. The number of doelen
// per gemeente is scaled so the total is BENCH_EVENTS (default 1,000,000: ~385 doelen). Written through
// `PostgresEventStore.append` in batches of at most 1,000 events (the real hash chain; one gemeente's
// chain is verified afterwards), 4 gemeenten at a time.
//
// Each measurement runs in a child process of its own, so its peak RSS (VmHWM from /proc/self/status)
// is its own and not the writer's:
// - herbouw:     `herbouwProjecties(dataSource, store)`: every read model of every gemeente into a fresh
//                schema, then the swap (what `npm run herbouw` and POST /beheer/projecties/herbouw run).
// - vouw:        per gemeente, `store.readLog` in pages of 5,000 events in position order and
//                `applyEvent` of the grootboek fold in one fold session: the fold the rebuild does,
//                without histories, row diffs or writes. The reference of the target.
// - som:         the same pages, and a plain big.js sum of every amount in each event: the floor of
//                "read and fold".
// Three rounds of the three, interleaved; medians; ratios within each round, then their median.
// Run: npm run bench -- herbouw   (BENCH_EVENTS=100000 for a quick try)
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { dist, mediaan } from './gedeeld.mjs';

const require = createRequire(import.meta.url);

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const RONDES = Number(process.env.BENCH_RONDES ?? 3);
const GEMEENTEN = 342;
const SCHRIJVERS = 4;
const APPEND_BATCH_EVENTS = 1000;
const LEES_PAGINA_EVENTS = 5000;
/** Events of a gemeente besides its years: registration, two reserves, two kredieten. */
const VASTE_EVENTS = 5;
/** Events per year besides the bookings: doelen, begroting, jaarrekening, balance-sheet figure. */
const JAAR_EVENTS = 4;

const gemeenteCode = (g) => `GM${String(1 + g).padStart(4, '0')}`;
const jarenVan = (g) => 5 + (g % 6);
const doelCode = (i) => `${1 + (i % 10)}.${1 + (Math.floor(i / 10) % 10)}.${1 + Math.floor(i / 100)}`;
const bedrag = (i) => `${(i * 7919) % 1_000_000}.${String(i % 100).padStart(2, '0')}`;

/** Doelen per gemeente such that the whole history holds about EVENTS events (one booking per doel per year). */
function doelenPerGemeente() {
  let jaren = 0;
  for (let g = 0; g < GEMEENTEN; g++) jaren += jarenVan(g);
  return Math.max(10, Math.round((EVENTS - GEMEENTEN * VASTE_EVENTS - jaren * JAAR_EVENTS) / jaren));
}

/** One gemeente's history as appends: [stream, events] in the order they are written. */
function* historieVan(g, doelen) {
  const gemeente = gemeenteCode(g);
  const registry = `gemeente-${gemeente}`;
  const jaren = jarenVan(g);
  const eersteJaar = 2026 - jaren;
  const besluit = (datum, kenmerk) => ({ datum, orgaan: 'raad', kenmerk });
  yield [registry, [
    { type: 'GemeenteGeregistreerd', datum: `${eersteJaar - 1}-01-01`, data: { gemeente, naam: `Gemeente ${g}` } },
    { type: 'ReserveIngesteld', datum: `${eersteJaar - 1}-01-01`, data: { reserve: 'AR', naam: 'Algemene reserve', soort: 'algemeen', beginsaldo: '90000000.00', peildatum: `${eersteJaar}-01-01` } },
    { type: 'ReserveIngesteld', datum: `${eersteJaar - 1}-01-01`, data: { reserve: 'BR', naam: 'Bestemmingsreserve', soort: 'bestemming', beginsaldo: '2500000.00', peildatum: `${eersteJaar}-01-01` } },
    { type: 'KredietVerleend', datum: `${eersteJaar - 1}-11-08`, data: { krediet: 'KR-1', naam: 'Sporthal', doel: doelCode(1), omvang: '8750000.00', besluit: besluit(`${eersteJaar - 1}-11-08`, 'K-1') } },
    { type: 'KredietVerleend', datum: `${eersteJaar - 1}-11-08`, data: { krediet: 'KR-2', naam: 'Riolering', doel: doelCode(2), omvang: '3200000.00', besluit: besluit(`${eersteJaar - 1}-11-08`, 'K-2') } },
  ]];
  const codes = Array.from({ length: doelen }, (_, i) => doelCode(i));
  for (let j = 0; j < jaren; j++) {
    const jaar = eersteJaar + j;
    const events = [
      { type: 'DoelenVastgelegd', datum: `${jaar - 1}-10-01`, data: { jaar, doelen: codes.map((code) => ({ code, naam: `Doel ${code}`, programma: code.slice(0, code.lastIndexOf('.')) })) } },
      {
        type: 'BegrotingVastgesteld',
        datum: `${jaar - 1}-11-08`,
        data: {
          jaar,
          besluit: besluit(`${jaar - 1}-11-08`, `Begroting ${jaar}`),
          regels: codes.map((doel, i) => ({
            doel,
            lasten: bedrag(i + jaar),
            baten: bedrag(i + 7),
            toevoegingReserves: i % 15 === 0 ? [{ reserve: 'BR', bedrag: '25000.00' }] : [],
            onttrekkingReserves: i % 10 === 0 ? [{ reserve: 'AR', bedrag: '50000.00' }] : [],
          })),
        },
      },
    ];
    for (let i = 0; i < doelen; i++) {
      const doel = codes[(i * 7) % doelen];
      const datum = `${jaar}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      const soort = i % 20;
      if (soort < 9) events.push({ type: 'RealisatieGeboekt', datum, data: { jaar, regels: [{ doel, kolom: i % 3 === 0 ? 'baten' : 'lasten', bedrag: bedrag(i) }] } });
      else if (soort === 9) events.push({ type: 'RealisatieGeboekt', datum, data: { jaar, kenmerk: `Journaal ${jaar}-${i}`, regels: Array.from({ length: 20 }, (_, r) => ({ doel: codes[(i + r) % doelen], kolom: 'lasten', bedrag: bedrag(i + r) })) } });
      else if (soort < 13) {
        events.push({
          type: 'BegrotingswijzigingVastgesteld',
          datum,
          data: { jaar, kenmerk: `W-${jaar}-${i}`, besluit: besluit(datum, `W-${jaar}-${i}`), onderdelen: [{ titel: `Wijziging ${i}`, budgettairNeutraal: true, aard: 'incidenteel', regels: [{ doel, kolom: 'lasten', bedrag: bedrag(i) }, { doel: codes[(i + 1) % doelen], kolom: 'lasten', bedrag: `-${bedrag(i)}` }] }] },
        });
      } else if (soort < 15) events.push({ type: 'ReservemutatieGeboekt', datum, data: { jaar, reserve: soort === 13 ? 'AR' : 'BR', doel, soort: soort === 13 ? 'onttrekking' : 'toevoeging', bedrag: '1250.00' } });
      else if (soort < 18) events.push({ type: 'VerschilToegelicht', datum, data: { jaar, doel, kolom: 'lasten', tekst: `Het verschil op ${doel} komt door hogere kosten dan begroot (${i}).` } });
      else events.push({ type: 'ProjectmutatieGeboekt', datum, data: { jaar, krediet: soort === 18 ? 'KR-1' : 'KR-2', doel: soort === 18 ? doelCode(1) : doelCode(2), bedrag: '15000.00', ...(soort === 19 ? { reserve: 'BR' } : {}) } });
    }
    if (j < jaren - 1) events.push({ type: 'JaarrekeningVastgesteld', datum: `${jaar + 1}-06-30`, data: { jaar, besluit: besluit(`${jaar + 1}-06-30`, `Jaarrekening ${jaar}`) } });
    for (let start = 0; start < events.length; start += APPEND_BATCH_EVENTS) yield [`begroting-${gemeente}-${jaar}`, events.slice(start, start + APPEND_BATCH_EVENTS)];
    yield [registry, [{ type: 'ReservesaldoVolgensBalansVastgelegd', datum: `${jaar}-12-31`, data: { reserve: 'AR', datum: `${jaar}-12-31`, saldo: '90000000.00' } }]];
  }
}

async function vulLog(store, doelen) {
  const { tagsVan } = dist('src/domain/tags.js');
  const start = performance.now();
  let volgende = 0;
  let events = 0;
  await Promise.all(Array.from({ length: SCHRIJVERS }, async () => {
    while (volgende < GEMEENTEN) {
      const g = volgende++;
      for (const [stream, batch] of historieVan(g, doelen)) {
        const nieuw = batch.map(({ type, datum, data }) => ({
          eventId: randomUUID(), type, schemaVersion: 1, datum, data, tags: tagsVan({ type, data }),
          metadata: { actor: { subject: 'bench', rol: 'controller' }, correlationId: randomUUID(), causationId: randomUUID() },
        }));
        await store.append(gemeenteCode(g), stream, nieuw, { expectedVersion: 'elke' });
        events += nieuw.length;
      }
    }
  }));
  return { events, ms: Math.round(performance.now() - start) };
}

/** Peak and current resident memory of this process, in MB (Linux). */
function geheugen() {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kB = (naam) => Number(new RegExp(`${naam}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { piekMB: Math.round(kB('VmHWM') / 1024), nuMB: Math.round(kB('VmRSS') / 1024) };
}

/** In the child: one measurement against the database at `url`; prints { events, ms, piekMB } as JSON. */
async function kind(modus, url) {
  const { openDatabase } = dist('src/database/data-source.js');
  const { PostgresEventStore } = dist('src/event-store/postgres-event-store.js');
  const dataSource = await openDatabase(url);
  const store = new PostgresEventStore(dataSource);
  const basis = geheugen();
  try {
    const start = performance.now();
    let events = 0;
    if (modus === 'herbouw') {
      const { herbouwProjecties } = dist('projections/herbouw.js');
      events = (await herbouwProjecties(dataSource, store)).events;
    } else {
      const { applyEvent, legeGrootboek, nieuweVouwSessie } = dist('projections/grootboek.fold.js');
      const Big = require('big.js');
      let totaal = new Big(0);
      for (const kop of await store.heads()) {
        let toestand = legeGrootboek();
        const sessie = nieuweVouwSessie();
        for (let naPositie = 0; naPositie < kop.positie;) {
          const pagina = await store.readLog(kop.gemeente, { naPositie, limit: LEES_PAGINA_EVENTS, totPositie: kop.positie });
          if (pagina.length === 0) break;
          for (const event of pagina) {
            if (modus === 'vouw') toestand = applyEvent(toestand, event, sessie);
            else totaal = totaal.plus(somVan(Big, event.data));
          }
          events += pagina.length;
          naPositie = pagina[pagina.length - 1].positie;
        }
        if (modus === 'vouw' && toestand.positie !== kop.positie) throw new Error(`vouw van ${kop.gemeente} eindigde op ${toestand.positie}`);
      }
      if (modus === 'som' && totaal.eq(0)) throw new Error('som is nul');
    }
    const ms = performance.now() - start;
    return { events, ms: Math.round(ms), eventsPerSeconde: Math.round(events / (ms / 1000)), basisMB: basis.nuMB, ...geheugen() };
  } finally {
    await dataSource.destroy();
  }
}

/** Every amount-like string field in an event's data (`bedrag`, `lasten`, `baten`, `saldo`, …), summed. */
function somVan(Big, waarde) {
  let som = new Big(0);
  const stapel = [waarde];
  while (stapel.length > 0) {
    const item = stapel.pop();
    if (Array.isArray(item)) stapel.push(...item);
    else if (item && typeof item === 'object') {
      for (const [sleutel, veld] of Object.entries(item)) {
        if (typeof veld === 'string' && (sleutel === 'bedrag' || sleutel === 'lasten' || sleutel === 'baten' || sleutel === 'saldo' || sleutel === 'omvang' || sleutel === 'beginsaldo')) som = som.plus(veld);
        else if (typeof veld === 'object') stapel.push(veld);
      }
    }
  }
  return som;
}

function meetInKind(modus, url) {
  return new Promise((resolve, reject) => {
    const proces = spawn(process.execPath, [fileURLToPath(import.meta.url), 'kind', modus, url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let uit = '';
    proces.stdout.on('data', (stuk) => (uit += stuk));
    proces.on('error', reject);
    proces.on('exit', (code) => (code === 0 ? resolve(JSON.parse(uit)) : reject(new Error(`${modus} stopte met code ${code}`))));
  });
}

export async function benchHerbouw() {
  const { startEmbeddedPostgres } = dist('src/database/embedded-postgres.js');
  const { openDatabase } = dist('src/database/data-source.js');
  const { PostgresEventStore } = dist('src/event-store/postgres-event-store.js');
  // BENCH_HERBOUW_MAP: keep the database in that directory and reuse its events next time (profiling).
  const bewaren = process.env.BENCH_HERBOUW_MAP;
  const dir = bewaren ?? mkdtempSync(join(tmpdir(), 'begroot-bench-herbouw-'));
  const db = await startEmbeddedPostgres(dir, () => {});
  try {
    const doelen = doelenPerGemeente();
    const dataSource = await openDatabase(db.url);
    let vulling;
    try {
      const store = new PostgresEventStore(dataSource);
      const [{ aantal }] = await dataSource.query('SELECT count(*)::int AS aantal FROM events');
      vulling = aantal > 0 ? { events: aantal, ms: 0, hergebruikt: true } : await vulLog(store, doelen);
      const controle = await store.verify(gemeenteCode(GEMEENTEN - 1));
      if (!controle.geldig) throw new Error(`keten van ${gemeenteCode(GEMEENTEN - 1)} klopt niet: ${JSON.stringify(controle.eersteFout)}`);
      await dataSource.query('VACUUM ANALYZE events');
    } finally {
      await dataSource.destroy();
    }
    console.error(`herbouw: ${vulling.events} events geschreven in ${vulling.ms} ms (${doelen} doelen per gemeente)`);
    if (process.env.BENCH_HERBOUW_ALLEEN_VULLEN) return { vulling };
    const rondes = [];
    for (let ronde = 0; ronde < RONDES; ronde++) {
      const uitslag = {};
      for (const modus of ['vouw', 'som', 'herbouw']) uitslag[modus] = await meetInKind(modus, db.url);
      rondes.push(uitslag);
      console.error(`herbouw ronde ${ronde + 1}: ${JSON.stringify(uitslag)}`);
    }
    const mediaanVan = (modus, veld) => mediaan(rondes.map((uitslag) => uitslag[modus][veld]));
    const verhouding = (noemer) => +mediaan(rondes.map((uitslag) => uitslag.herbouw.eventsPerSeconde / uitslag[noemer].eventsPerSeconde)).toFixed(2);
    return {
      gemeenten: GEMEENTEN,
      doelenPerGemeente: doelen,
      vulling: { ...vulling, eventsPerSeconde: Math.round(vulling.events / (vulling.ms / 1000)) },
      rondes: RONDES,
      eventsPerSeconde: { herbouw: mediaanVan('herbouw', 'eventsPerSeconde'), vouw: mediaanVan('vouw', 'eventsPerSeconde'), som: mediaanVan('som', 'eventsPerSeconde') },
      piekRssMB: { herbouw: mediaanVan('herbouw', 'piekMB'), vouw: mediaanVan('vouw', 'piekMB'), som: mediaanVan('som', 'piekMB'), doelHerbouw: 512 },
      verhoudingen: { herbouwTovVouw: verhouding('vouw'), herbouwTovSom: verhouding('som'), doel: 0.5 },
      perRonde: rondes,
    };
  } finally {
    await db.stop();
    if (!bewaren) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'kind') {
  console.log(JSON.stringify(await kind(process.argv[3], process.argv[4])));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchHerbouw(), null, 2));
}
