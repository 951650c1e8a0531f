import type { Kolom } from '../domain/shared/begrippen';
import type { KolomVergelijking, Verschillenanalyse } from '../../projections/verschillenanalyse/verschillenanalyse.fold';

/**
 * The verschillenanalyse as a spreadsheet reads it: `;`-separated, UTF-8 with BOM (so Excel opens it as
 * UTF-8), Dutch labels, amounts with a decimal comma and no thousands separator (Excel reads them as
 * numbers), one row per doel and column, then the programmas and the total. The numbers are exactly
 * those of the JSON answer.
 */
export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8';

const KOLOMMEN: readonly [Kolom, string][] = [
  ['lasten', 'Lasten'],
  ['baten', 'Baten'],
  ['toevoegingReserves', 'Toevoeging aan reserves'],
  ['onttrekkingReserves', 'Onttrekking aan reserves'],
];
const KOP = ['Niveau', 'Programma', 'Doel', 'Naam', 'Kolom', 'Begroot', 'Realisatie', 'Verschil', 'Oordeel', 'Percentage', 'Toelichting vereist', 'Toelichting'];

/** A decimal string ("-187693.00", "10.6") with a decimal comma ("-187693,00", "10,6"). */
export const metKomma = (decimaal: string | null): string => (decimaal === null ? '' : decimaal.replace('.', ','));

function veld(waarde: string): string {
  return /[;"\r\n]/.test(waarde) ? `"${waarde.replace(/"/g, '""')}"` : waarde;
}

function vergelijking(kolom: KolomVergelijking): string[] {
  return [metKomma(kolom.begroot), metKomma(kolom.realisatie), metKomma(kolom.verschil), kolom.oordeel, metKomma(kolom.percentage)];
}

export function verschillenanalyseAlsCsv(analyse: Verschillenanalyse): string {
  const rijen: string[][] = [KOP];
  for (const doel of analyse.doelen) {
    for (const [kolom, label] of KOLOMMEN) {
      const cel = doel.kolommen[kolom];
      rijen.push(['doel', doel.doel.programma ?? '', doel.doel.code, doel.doel.naam, label, ...vergelijking(cel), cel.toelichtingVereist ? 'ja' : 'nee', cel.toelichting ?? '']);
    }
  }
  for (const programma of analyse.programmas) {
    for (const [kolom, label] of KOLOMMEN) rijen.push(['programma', programma.programma, '', '', label, ...vergelijking(programma.kolommen[kolom]), '', '']);
  }
  for (const [kolom, label] of KOLOMMEN) rijen.push(['totaal', '', '', '', label, ...vergelijking(analyse.totaal.kolommen[kolom]), '', '']);
  return `\uFEFF${rijen.map((rij) => rij.map(veld).join(';')).join('\r\n')}\r\n`;
}
