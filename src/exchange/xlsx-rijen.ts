import { Readable } from 'node:stream';
import { DomainError, ongeldig } from '../domain/shared/domain-error';
import { type Cel, type ImportRegel, type LeesOpties, leesImportRegels, type RuweRij } from './import-regels';
import { laadExcelJS } from './xlsx';

/**
 * The import rows of an XLSX upload. exceljs' streaming reader now and then loses an entry of the zip
 * (exceljs issue 3064, open: "Cannot read properties of undefined (reading 'sheets')"; here about one
 * read in 400 of the same bytes, however they are chunked). That ends in a refusal of a good file, never
 * in other rows: a lost workbook or worksheet entry makes the file unreadable or empty, a lost string
 * table leaves codes empty. So the upload's bytes are kept (at most the import limit of 16 MB; a
 * 100,000-row workbook is 2 MB) and a refused read is read once more; the second answer stands.
 */
export async function leesXlsxRegels(bron: Readable, opties: LeesOpties, rijenVan: (bron: Readable) => AsyncIterable<readonly RuweRij[]> = xlsxRijen): Promise<ImportRegel[]> {
  const stukken: Buffer[] = [];
  for await (const stuk of bron as AsyncIterable<Buffer>) stukken.push(stuk);
  const bytes = Buffer.concat(stukken);
  try {
    return await leesImportRegels(rijenVan(Readable.from([bytes])), opties);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return leesImportRegels(rijenVan(Readable.from([bytes])), opties);
  }
}

/**
 * The rows of the first worksheet of an XLSX workbook, streamed (exceljs' streaming reader: the sheet
 * is never held whole). Cells arrive as text, or as a number where the spreadsheet stored a number;
 * a formula counts with its cached result, as Excel shows it. Dates and other kinds are refused by the
 * row reader as "no amount" or "no code", with their row and column.
 */
export async function* xlsxRijen(bron: Readable): AsyncGenerator<readonly RuweRij[]> {
  const { stream } = await laadExcelJS();
  const werkmap = new stream.xlsx.WorkbookReader(bron, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
  try {
    for await (const werkblad of werkmap) {
      for await (const rij of werkblad) {
        // row.values is 1-based: index 0 is always empty.
        const waarden = (rij.values as unknown[]).slice(1);
        // exceljs hands rows on one at a time, so its batches are of one row.
        yield [{ rij: rij.number, cellen: Array.from(waarden, celVan) }];
      }
      // Only the first worksheet is the import; the rest of the workbook is not read.
      return;
    }
  } catch (error) {
    // The upload's own errors (too large, aborted) keep their meaning; anything else is a broken workbook.
    if (error instanceof Error && !('type' in error)) {
      throw ongeldig('IMPORT.XLSX_ONLEESBAAR', `Het bestand is geen leesbare XLSX-werkmap (${error.message}).`, [{ veld: 'bestand', melding: 'onleesbare XLSX' }]);
    }
    throw error;
  }
}

function celVan(waarde: unknown): Cel {
  if (waarde === undefined || waarde === null) return null;
  if (typeof waarde === 'string' || typeof waarde === 'number') return waarde;
  if (typeof waarde === 'boolean') return String(waarde);
  if (waarde instanceof Date) return `datum ${waarde.toISOString().slice(0, 10)}`;
  if (typeof waarde === 'object') {
    const object = waarde as { result?: unknown; richText?: { text: string }[]; text?: unknown; error?: unknown };
    if ('result' in object) return celVan(object.result);
    if (Array.isArray(object.richText)) return object.richText.map((deel) => deel.text).join('');
    if (typeof object.text === 'string') return object.text;
    if (object.error !== undefined) return `fout ${String(object.error)}`;
  }
  return String(waarde);
}
