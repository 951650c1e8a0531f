// Import of 100,000 lines (issue 6 acceptance, issue 7 part 4): lines/s and the service's peak RSS.
// Starts an embedded PostgreSQL and the built service as its own process (so its memory is measured
// alone, from /proc/<pid>/status VmHWM), registers a gemeente with 300 doelen and a vastgestelde
// begroting, then posts a 100,000-line realisatie as CSV three times and as XLSX once.
// Run: npm run bench -- import   (or: npm run build && node bench/import.mjs)
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dist, mediaan, startService } from './gedeeld.mjs';

const { startEmbeddedPostgres } = dist('src/database/embedded-postgres.js');
const { signToken } = dist('src/auth/tokens.js');

const REGELS = Number(process.env.BENCH_IMPORT_REGELS ?? 100_000);
const RUNS = 3;
const DOELEN = 300;
const GEMEENTE = 'GM0193';
const JAAR = 2022;
const doelCode = (i) => `${1 + (i % 10)}.${1 + (Math.floor(i / 10) % 10)}.${1 + Math.floor(i / 100)}`;
/** A realisatie file as a financial system exports it: Dutch amounts, `;`, one line per booking. */
function csvBestand() {
  const regels = ['doel;kolom;bedrag'];
  for (let i = 0; i < REGELS; i++) {
    const euros = (i * 7919) % 100_000;
    regels.push(`${doelCode(i % DOELEN)};${i % 5 === 0 ? 'baten' : 'lasten'};${euros.toLocaleString('nl-NL')},${String(i % 100).padStart(2, '0')}`);
  }
  return Buffer.from(`${regels.join('\n')}\n`, 'utf8');
}

async function xlsxBestand() {
  const werkmap = new ExcelJS.Workbook();
  const blad = werkmap.addWorksheet('Boekingen');
  blad.addRow(['doel', 'kolom', 'bedrag']);
  for (let i = 0; i < REGELS; i++) blad.addRow([doelCode(i % DOELEN), i % 5 === 0 ? 'baten' : 'lasten', `${(i * 7919) % 100_000},${String(i % 100).padStart(2, '0')}`]);
  return Buffer.from(await werkmap.xlsx.writeBuffer());
}

/** One service process (with the given node flags), four imports of REGELS lines: three CSV, one XLSX. */
async function meetImport(nodeFlags) {
  const map = mkdtempSync(join(tmpdir(), 'begroot-bench-import-'));
  const database = await startEmbeddedPostgres(map, () => undefined);
  const secret = randomBytes(24).toString('base64url');
  const service = await startService({ databaseUrl: database.url, secret, nodeFlags, env: { LEDGER_REQUEST_TIMEOUT_MS: '600000' } });
  const basis = service.basis;
  const token = (rol) => signToken(secret, { sub: `bench-${rol}`, rollen: [rol], gemeenten: ['*'] });
  const vraag = async (pad, init = {}, rol = 'beheerder') => {
    const antwoord = await fetch(`${basis}${pad}`, { ...init, headers: { authorization: `Bearer ${token(rol)}`, 'content-type': 'application/json', ...init.headers } });
    if (!antwoord.ok) throw new Error(`${pad}: ${antwoord.status} ${await antwoord.text()}`);
    return antwoord;
  };
  try {
    const doelen = Array.from({ length: DOELEN }, (_, i) => ({ code: doelCode(i), naam: `Doel ${doelCode(i)}`, programma: doelCode(i).split('.').slice(0, 2).join('.') }));
    await vraag('/gemeenten', { method: 'POST', body: JSON.stringify({ code: GEMEENTE, naam: 'Zwolle' }) });
    await vraag(`/gemeenten/${GEMEENTE}/begrotingen/${JAAR}/doelen`, { method: 'PUT', body: JSON.stringify({ doelen }) });
    await vraag(`/gemeenten/${GEMEENTE}/begrotingen/${JAAR}/vaststelling`, {
      method: 'POST',
      body: JSON.stringify({ besluit: { datum: '2021-11-08', orgaan: 'raad', kenmerk: 'Begroting 2022' }, regels: doelen.map((doel) => ({ doel: doel.code, lasten: '1000000.00', baten: '0.00', toevoegingReserves: [], onttrekkingReserves: [] })) }),
    }, 'controller');

    const csv = csvBestand();
    const xlsx = await xlsxBestand();
    const voor = service.geheugen();
    const importeer = async (bestand, mediaType, kenmerk) => {
      const start = performance.now();
      const antwoord = await vraag(`/gemeenten/${GEMEENTE}/begrotingen/${JAAR}/importen?soort=realisatie&datum=2022-12-31&kenmerk=${encodeURIComponent(kenmerk)}`, { method: 'POST', body: bestand, headers: { 'content-type': mediaType } }, 'accountant');
      const { eventIds } = await antwoord.json();
      return { ms: performance.now() - start, events: eventIds.length, ...service.geheugen() };
    };
    const csvRuns = [];
    for (let run = 1; run <= RUNS; run++) csvRuns.push(await importeer(csv, 'text/csv', `CSV ${run}`));
    const xlsxRun = await importeer(xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'XLSX 1');
    return {
      regels: REGELS,
      csvMB: +(csv.length / 1e6).toFixed(1),
      xlsxMB: +(xlsx.length / 1e6).toFixed(1),
      serviceVoorImportMB: voor.nuMB,
      csv: {
        runs: csvRuns.map((run) => ({ ms: Math.round(run.ms), regelsPerSeconde: Math.round(REGELS / (run.ms / 1000)), events: run.events, piekMB: run.piekMB })),
        mediaanRegelsPerSeconde: mediaan(csvRuns.map((run) => Math.round(REGELS / (run.ms / 1000)))),
      },
      xlsx: { ms: Math.round(xlsxRun.ms), regelsPerSeconde: Math.round(REGELS / (xlsxRun.ms / 1000)), events: xlsxRun.events },
      piekRssServiceMB: service.geheugen().piekMB,
    };
  } finally {
    await service.stop();
    await database.stop();
    rmSync(map, { recursive: true, force: true });
  }
}

/**
 * V8 collects garbage lazily: without a heap cap the RSS of a busy service is mostly garbage waiting
 * for the next major GC (--trace-gc shows 40–80 MB live after each). So the import is measured as
 * the service runs by default and with the cap an operator sets (NODE_OPTIONS=--max-old-space-size=256).
 */
export async function benchImport() {
  return { standaard: await meetImport([]), metHeapGrens256MB: await meetImport(['--max-old-space-size=256']) };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchImport(), null, 2));
