import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { ongeldig, type VeldFout } from '../domain/shared/domain-error';
import type { Bedrag } from '../shared/money';
import { leesBedrag } from './bedrag-invoer';

/**
 * Reads the import format of API.md: `;`-separated UTF-8 (with or without BOM), a header row
 * `doel;kolom;bedrag;reserve` (reserve optional, names case-insensitive), amounts as spreadsheets
 * print them (bedrag-invoer.ts). Rows are numbered as the spreadsheet shows them: the header is row 1.
 * Every problem names its row and column; all problems of the file come back at once (up to a bound).
 */
export interface CsvRegel {
  /** Spreadsheet row number (the header is row 1). */
  rij: number;
  doel: string;
  kolom: string;
  bedrag: Bedrag;
  reserve?: string;
}

export const MAX_CSV_REGELS = 5000;
const MAX_FOUTEN = 50;
const VERPLICHT = ['doel', 'kolom', 'bedrag'] as const;
const KOLOMLETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Where a problem is: "rij 7, kolom bedrag (C)". */
export const plaats = (rij: number, kolom: string, index?: number) => `rij ${rij}, kolom ${kolom}${index !== undefined && index < KOLOMLETTERS.length ? ` (${KOLOMLETTERS[index]})` : ''}`;

export async function leesCsvRegels(bron: Readable | string, maxRegels = MAX_CSV_REGELS): Promise<CsvRegel[]> {
  const parser = parse({ delimiter: ';', bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: false, info: true });
  const regels: CsvRegel[] = [];
  const fouten: VeldFout[] = [];
  let kop: Map<string, number> | null = null;
  let rij = 0;
  const verwerk = async () => {
    for await (const { record: velden, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // The line the record ends on: the spreadsheet's row number for one-line records.
      rij = info.lines;
      if (kop === null) {
        kop = new Map(velden.map((naam, index) => [naam.toLowerCase(), index]));
        const ontbreekt = VERPLICHT.filter((naam) => !kop?.has(naam));
        if (ontbreekt.length > 0) {
          throw ongeldig('IMPORT.KOPREGEL', `Rij 1 moet de kopregel doel;kolom;bedrag;reserve zijn; ontbreekt: ${ontbreekt.join(', ')}.`, [
            { veld: 'rij 1', melding: `kolom ${ontbreekt.join(', ')} ontbreekt in de kopregel` },
          ]);
        }
        continue;
      }
      if (regels.length >= maxRegels) {
        throw ongeldig('IMPORT.TE_VEEL_REGELS', `Een import heeft hoogstens ${maxRegels} regels; rij ${rij} is er één te veel.`, [{ veld: `rij ${rij}`, melding: `meer dan ${maxRegels} regels` }]);
      }
      const waarde = (naam: string) => {
        const index = kop?.get(naam);
        return index === undefined ? '' : (velden[index] ?? '');
      };
      const meld = (naam: string, melding: string) => {
        if (fouten.length < MAX_FOUTEN) fouten.push({ veld: plaats(rij, naam, kop?.get(naam)), melding });
      };
      const doel = waarde('doel');
      const kolom = waarde('kolom');
      const reserve = waarde('reserve');
      if (doel === '') meld('doel', 'het doel ontbreekt');
      if (kolom === '') meld('kolom', 'de kolom ontbreekt');
      const lezing = leesBedrag(waarde('bedrag'));
      if ('fout' in lezing) meld('bedrag', lezing.fout);
      else regels.push({ rij, doel, kolom, bedrag: lezing.bedrag, ...(reserve !== '' ? { reserve } : {}) });
    }
  };
  const gelezen = verwerk();
  if (typeof bron === 'string') parser.end(bron);
  else {
    // pipe() does not pass a source's error on; without this a failing upload would leave the parser waiting.
    bron.on('error', (error) => parser.destroy(error));
    bron.pipe(parser);
  }
  try {
    await gelezen;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('CSV_')) {
      const regel = (error as { lines?: number }).lines ?? rij + 1;
      throw ongeldig('IMPORT.CSV_ONLEESBAAR', `Het bestand is geen geldige CSV vanaf rij ${regel} (bijvoorbeeld een aanhalingsteken dat niet sluit).`, [{ veld: `rij ${regel}`, melding: 'onleesbare CSV' }]);
    }
    throw error;
  }
  if (kop === null) throw ongeldig('IMPORT.LEEG', 'Het bestand is leeg: verwacht een kopregel doel;kolom;bedrag;reserve en regels.', [{ veld: 'rij 1', melding: 'geen kopregel' }]);
  if (fouten.length > 0) {
    throw ongeldig('IMPORT.REGEL_ONGELDIG', `De import is niet uitgevoerd; er is niets vastgelegd. ${fouten.length} fout(en), de eerste: ${fouten[0].veld}: ${fouten[0].melding}.`, fouten);
  }
  if (regels.length === 0) throw ongeldig('IMPORT.LEEG', 'Het bestand heeft een kopregel maar geen regels.', [{ veld: 'rij 2', melding: 'geen regels' }]);
  return regels;
}
