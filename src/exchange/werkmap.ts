import Big from 'big.js';
import type ExcelJS from 'exceljs';
import { formatBedrag, normaliseerBedrag, type Bedrag } from '../shared/money';
import { laadExcelJS, XLSX_MEDIA_TYPE } from './xlsx';

/**
 * A report as a spreadsheet sees it: named sheets of typed columns and rows, some rows totals. Every
 * report export (CSV and XLSX) is built as a Werkmap from the JSON answer, so both formats carry
 * exactly the JSON's numbers; the renderers below only lay them out.
 */
export type Celsoort = 'tekst' | 'bedrag' | 'percentage' | 'geheel';

export interface Kolomdefinitie {
  kop: string;
  soort: Celsoort;
  /** Column width in characters (XLSX). */
  breedte: number;
}

/** A cell: text, an amount or percentage as the JSON's decimal string, a whole number (positie, jaar), or empty. */
export type Waarde = string | number | null;

export interface Rij {
  cellen: readonly Waarde[];
  /** A total row: bold. */
  totaal?: boolean;
}

export interface Blad {
  /** Sheet name, at most 31 characters (Excel's limit). */
  naam: string;
  kolommen: readonly Kolomdefinitie[];
  rijen: readonly Rij[];
}

export interface Werkmap {
  /** File name without extension: `verschillenanalyse-GM0193-2022`. */
  bestandsnaam: string;
  titel: string;
  bladen: readonly Blad[];
}

export type ExportFormaat = 'csv' | 'xlsx';
export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8';
export const MEDIA_TYPE: Record<ExportFormaat, string> = { csv: CSV_MEDIA_TYPE, xlsx: XLSX_MEDIA_TYPE };

// ---------------------------------------------------------------- CSV

/** A decimal string ("-187693.00", "10.6") with a decimal comma ("-187693,00", "10,6"). */
const metKomma = (decimaal: string): string => decimaal.replace('.', ',');

function csvVeld(waarde: Waarde, soort: Celsoort): string {
  if (waarde === null) return '';
  const tekst = typeof waarde === 'number' ? String(waarde) : soort === 'bedrag' || soort === 'percentage' ? metKomma(waarde) : waarde;
  return /[;"\r\n]/.test(tekst) ? `"${tekst.replace(/"/g, '""')}"` : tekst;
}

/**
 * `;`-separated, UTF-8 with BOM (so Excel opens it as UTF-8), amounts with a decimal comma and no
 * thousands separator (Excel in a Dutch locale reads them as numbers). Several sheets follow each other,
 * each with its header row, separated by an empty line.
 */
export function werkmapAlsCsv(werkmap: Werkmap): string {
  const blokken = werkmap.bladen.map((blad) =>
    [blad.kolommen.map((kolom) => csvVeld(kolom.kop, 'tekst')), ...blad.rijen.map((rij) => rij.cellen.map((cel, index) => csvVeld(cel, blad.kolommen[index].soort)))]
      .map((velden) => velden.join(';'))
      .join('\r\n'),
  );
  return `\uFEFF${blokken.join('\r\n\r\n')}\r\n`;
}

// ---------------------------------------------------------------- XLSX


const EURO = '"€" #,##0.00;"€" -#,##0.00';
const NUMMER_FORMAAT: Record<Celsoort, string | undefined> = { tekst: '@', bedrag: EURO, percentage: '0.0', geheel: '0' };

/**
 * An amount as the number an XLSX cell holds. The format stores every number as a binary double, so
 * this is the one place a decimal becomes a JavaScript number: amounts below 10^13 with two decimals
 * have at most 15 significant digits and survive the trip exactly, which is checked, not assumed.
 */
export function alsExcelGetal(decimaal: string): number {
  const getal = Number(decimaal);
  if (!new Big(String(getal)).eq(new Big(decimaal))) throw new Error(`${decimaal} past niet exact in een XLSX-getal`);
  return getal;
}

/** The amount an XLSX number cell holds, as the ledger's decimal string (the inverse of alsExcelGetal). */
export const bedragUitExcelGetal = (getal: number): Bedrag => formatBedrag(new Big(String(getal)));

function xlsxWaarde(waarde: Waarde, soort: Celsoort): ExcelJS.CellValue {
  if (waarde === null) return null;
  if (typeof waarde === 'number') return waarde;
  if (soort === 'bedrag') return alsExcelGetal(normaliseerBedrag(waarde));
  if (soort === 'percentage') return alsExcelGetal(waarde);
  return waarde;
}

/** One workbook: a frozen bold header, euro formats, column widths, bold totals, the title in the properties. */
export async function werkmapAlsXlsx(werkmap: Werkmap): Promise<Buffer> {
  const { Workbook } = await laadExcelJS();
  const boek = new Workbook();
  boek.title = werkmap.titel;
  boek.creator = 'Begroot';
  for (const blad of werkmap.bladen) {
    const werkblad = boek.addWorksheet(blad.naam.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    werkblad.columns = blad.kolommen.map((kolom) => ({ header: kolom.kop, width: kolom.breedte, style: { numFmt: NUMMER_FORMAAT[kolom.soort] } }));
    const kop = werkblad.getRow(1);
    kop.font = { bold: true };
    kop.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    for (const rij of blad.rijen) {
      const regel = werkblad.addRow(rij.cellen.map((cel, index) => xlsxWaarde(cel, blad.kolommen[index].soort)));
      if (rij.totaal) regel.font = { bold: true };
    }
  }
  return Buffer.from(await boek.xlsx.writeBuffer());
}
