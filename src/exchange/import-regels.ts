import Big from 'big.js';
import { ongeldig, type VeldFout } from '../domain/shared/domain-error';
import { formatBedrag, isBedrag, type Bedrag } from '../shared/money';
import { type BedragLezing, leesBedrag } from './bedrag-invoer';

/**
 * Reads the rows of an import (API.md, Imports) whatever the file format: a header row
 * `doel;kolom;bedrag;reserve` (reserve optional, names case-insensitive, in any order), then one line
 * per row. Rows are numbered as the spreadsheet shows them (the header is row 1), so every problem
 * names its row and column; all problems of the file come back at once (up to a bound).
 */
export interface ImportRegel {
  /** Spreadsheet row number (the header is row 1). */
  rij: number;
  doel: string;
  kolom: string;
  bedrag: Bedrag;
  reserve?: string;
}

/** A cell as a file format delivers it: text, or a number where the spreadsheet stored one (XLSX). */
export type Cel = string | number | null;

/** One line of the file, its cells in column order, with the row number the spreadsheet shows. */
export interface RuweRij {
  rij: number;
  cellen: readonly Cel[];
}

export interface LeesOpties {
  maxRegels: number;
  /** Called every `VOORTGANG_PER` rows with the rows read so far (a 100,000-row import takes seconds). */
  voortgang?: (gelezen: number) => void;
}

const VOORTGANG_PER = 10_000;
const MAX_FOUTEN = 50;
const VERPLICHT = ['doel', 'kolom', 'bedrag'] as const;
const KOLOMLETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Where a problem is: "rij 7, kolom bedrag (C)". */
export const plaats = (rij: number, kolom: string, index?: number) => `rij ${rij}, kolom ${kolom}${index !== undefined && index < KOLOMLETTERS.length ? ` (${KOLOMLETTERS[index]})` : ''}`;

/** Reads the rows, which the file readers hand on in batches (a row at a time cost an await each). */
export async function leesImportRegels(partijen: AsyncIterable<readonly RuweRij[]>, { maxRegels, voortgang }: LeesOpties): Promise<ImportRegel[]> {
  const regels: ImportRegel[] = [];
  const fouten: VeldFout[] = [];
  let kop: Map<string, number> | null = null;
  let gelezen = 0;
  for await (const partij of partijen) {
    for (const { rij, cellen } of partij) {
      if (cellen.every((cel) => tekstVan(cel) === '')) continue;
      if (kop === null) {
        kop = kopregel(cellen);
        continue;
      }
      if (gelezen >= maxRegels) {
        throw ongeldig('IMPORT.TE_VEEL_REGELS', `Een import van deze soort heeft hoogstens ${maxRegels} regels; rij ${rij} is er één te veel.`, [{ veld: `rij ${rij}`, melding: `meer dan ${maxRegels} regels` }]);
      }
      const kolommen = kop;
      const cel = (naam: string): Cel => {
        const index = kolommen.get(naam);
        return index === undefined ? null : (cellen[index] ?? null);
      };
      const meld = (naam: string, melding: string) => {
        if (fouten.length < MAX_FOUTEN) fouten.push({ veld: plaats(rij, naam, kolommen.get(naam)), melding });
      };
      const doel = tekstVan(cel('doel'));
      const kolom = tekstVan(cel('kolom'));
      const reserve = tekstVan(cel('reserve'));
      if (doel === '') meld('doel', 'het doel ontbreekt');
      if (kolom === '') meld('kolom', 'de kolom ontbreekt');
      const lezing = bedragUit(cel('bedrag'));
      if ('fout' in lezing) meld('bedrag', lezing.fout);
      else if (doel !== '' && kolom !== '') regels.push({ rij, doel, kolom, bedrag: lezing.bedrag, ...(reserve !== '' ? { reserve } : {}) });
      gelezen += 1;
      if (voortgang && gelezen % VOORTGANG_PER === 0) voortgang(gelezen);
    }
  }
  if (kop === null) throw ongeldig('IMPORT.LEEG', 'Het bestand is leeg: verwacht een kopregel doel;kolom;bedrag;reserve en regels.', [{ veld: 'rij 1', melding: 'geen kopregel' }]);
  if (fouten.length > 0) {
    throw ongeldig('IMPORT.REGEL_ONGELDIG', `De import is niet uitgevoerd; er is niets vastgelegd. ${fouten.length} fout(en), de eerste: ${fouten[0].veld}: ${fouten[0].melding}.`, fouten);
  }
  if (regels.length === 0) throw ongeldig('IMPORT.LEEG', 'Het bestand heeft een kopregel maar geen regels.', [{ veld: 'rij 2', melding: 'geen regels' }]);
  return regels;
}

function kopregel(cellen: readonly Cel[]): Map<string, number> {
  const kop = new Map(cellen.map((cel, index) => [tekstVan(cel).toLowerCase(), index]));
  const ontbreekt = VERPLICHT.filter((naam) => !kop.has(naam));
  if (ontbreekt.length > 0) {
    throw ongeldig('IMPORT.KOPREGEL', `Rij 1 moet de kopregel doel;kolom;bedrag;reserve zijn; ontbreekt: ${ontbreekt.join(', ')}.`, [
      { veld: 'rij 1', melding: `kolom ${ontbreekt.join(', ')} ontbreekt in de kopregel` },
    ]);
  }
  return kop;
}

/** A code cell: text as is; a number a spreadsheet made of a code like `7` is read back as its text. */
function tekstVan(cel: Cel): string {
  if (cel === null) return '';
  return typeof cel === 'number' ? String(cel) : cel.trim();
}

function bedragUit(cel: Cel): BedragLezing {
  if (cel === null) return { fout: 'het bedrag ontbreekt' };
  return typeof cel === 'number' ? leesGetalCel(cel) : leesBedrag(cel);
}

/**
 * An amount a spreadsheet stored as a number. XLSX keeps every number as a binary double; the shortest
 * decimal that reads back as the same double (`String(getal)`) is what Excel shows, and for amounts
 * below 10^13 with two decimals (at most 15 significant digits) it is exactly the amount typed. It goes
 * straight into big.js, and more than two decimals are refused rather than rounded.
 */
export function leesGetalCel(getal: number): BedragLezing {
  if (!Number.isFinite(getal)) return { fout: `${String(getal)} is geen bedrag` };
  const waarde = new Big(String(getal));
  if (!waarde.round(2, Big.roundDown).eq(waarde)) return { fout: `${String(getal)} heeft meer dan twee decimalen` };
  const bedrag = formatBedrag(waarde);
  if (!isBedrag(bedrag)) return { fout: `${String(getal)} valt buiten het bereik van een bedrag (kleiner dan 10^13)` };
  return { bedrag };
}
