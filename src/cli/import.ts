import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { parseArgs } from 'node:util';
import { XLSX_MEDIA_TYPE } from '../exchange/xlsx';
import { CliFout, verbindingUit, vraag } from './api-client';

const VELDEN = ['datum', 'kenmerk', 'besluitDatum', 'besluitOrgaan', 'titel', 'budgettairNeutraal', 'aard', 'toelichting'] as const;

export const IMPORT_HULP = `begroot import --gemeente GM0193 --jaar 2022 --soort vaststelling|wijziging|realisatie --bestand <pad.csv|pad.xlsx>
       [--datum JJJJ-MM-DD] [--kenmerk …] [--besluitDatum …] [--besluitOrgaan raad|college] [--titel …]
       [--budgettairNeutraal true|false] [--aard incidenteel|structureel] [--toelichting …]
  Stuurt het bestand naar POST /gemeenten/{gm}/begrotingen/{jaar}/importen: alles of niets. Met een
  Idempotency-Key uit de inhoud en de velden, zodat een herhaalde import niet twee keer boekt.`;

/** `begroot import`: uploads a CSV or XLSX file to the service, with progress on stderr. */
export async function importCommando(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      gemeente: { type: 'string' },
      jaar: { type: 'string' },
      soort: { type: 'string' },
      bestand: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
      ...Object.fromEntries(VELDEN.map((veld) => [veld, { type: 'string' as const }])),
    },
  });
  const { gemeente, jaar, soort, bestand } = values;
  if (!gemeente || !jaar || !soort || !bestand) throw new CliFout(`gebruik:\n${IMPORT_HULP}`, 2);
  const verbinding = verbindingUit(values);
  const mediaType = extname(bestand).toLowerCase() === '.xlsx' ? XLSX_MEDIA_TYPE : 'text/csv';
  const { size } = await stat(bestand).catch(() => {
    throw new CliFout(`${bestand} bestaat niet of is niet leesbaar`, 2);
  });
  const query = new URLSearchParams({ soort });
  for (const veld of VELDEN) {
    const waarde = (values as Record<string, string | undefined>)[veld];
    if (waarde !== undefined) query.set(veld, waarde);
  }
  const sleutel = await idempotencyKey(bestand, `${gemeente}/${jaar}?${query.toString()}`);

  const voortgang = voortgangsmelder(`import ${basename(bestand)}`, size);
  const body = Readable.toWeb(createReadStream(bestand).pipe(voortgang)) as ReadableStream<Uint8Array>;
  const antwoord = await vraag(verbinding, `/gemeenten/${encodeURIComponent(gemeente)}/begrotingen/${encodeURIComponent(jaar)}/importen?${query.toString()}`, {
    method: 'POST',
    headers: { 'Content-Type': mediaType, 'Idempotency-Key': sleutel },
    body,
    duplex: 'half',
  });
  const resultaat = (await antwoord.json()) as { eventIds?: string[]; positie?: number };
  const herhaald = antwoord.headers.get('idempotent-replayed') === 'true';
  process.stdout.write(
    `${herhaald ? 'al eerder geïmporteerd (niets opnieuw geboekt)' : 'geïmporteerd'}: ${resultaat.eventIds?.length ?? 0} event(s), laatste positie ${resultaat.positie ?? '-'}\n`,
  );
}

/** The same file with the same fields is the same import: its key is their hash. */
async function idempotencyKey(bestand: string, verzoek: string): Promise<string> {
  const hash = createHash('sha256').update(verzoek).update('\n');
  for await (const stuk of createReadStream(bestand)) hash.update(stuk as Buffer);
  return `import-${hash.digest('hex').slice(0, 40)}`;
}

/** Passes bytes on and reports how far the upload is, on one line on a terminal and every 10 % otherwise. */
function voortgangsmelder(label: string, totaal: number): Transform {
  let verstuurd = 0;
  let gemeld = -1;
  const interactief = process.stderr.isTTY;
  return new Transform({
    transform(stuk: Buffer, _, klaar) {
      verstuurd += stuk.length;
      const procent = totaal === 0 ? 100 : Math.floor((verstuurd * 100) / totaal);
      if (interactief ? procent !== gemeld : Math.floor(procent / 10) !== Math.floor(gemeld / 10)) {
        gemeld = procent;
        const regel = `${label}: ${procent} % verstuurd (${(verstuurd / 1e6).toFixed(1)} van ${(totaal / 1e6).toFixed(1)} MB)`;
        process.stderr.write(interactief ? `\r${regel}` : `${regel}\n`);
      }
      klaar(null, stuk);
    },
    flush(klaar) {
      process.stderr.write(`${interactief ? '\n' : ''}${label}: verstuurd; de service controleert en boekt alle regels in één keer…\n`);
      klaar();
    },
  });
}
