import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { ongeldig } from '../domain/shared/domain-error';
import type { RuweRij } from './import-regels';

/**
 * The rows of a CSV file as financial systems and spreadsheets write it: `;`-separated, UTF-8 with or
 * without BOM, quotes where a field needs them. Streams: a row is handed on as soon as it is parsed.
 */
export async function* csvRijen(bron: Readable | string): AsyncGenerator<RuweRij> {
  const parser = parse({ delimiter: ';', bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: false, info: true });
  if (typeof bron === 'string') parser.end(bron);
  else {
    // pipe() does not pass a source's error on; without this a failing upload would leave the parser waiting.
    bron.on('error', (error) => parser.destroy(error));
    bron.pipe(parser);
  }
  let rij = 1;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // The line the record ends on: the spreadsheet's row number for one-line records.
      rij = info.lines;
      yield { rij, cellen: record };
    }
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('CSV_')) {
      const regel = (error as { lines?: number }).lines ?? rij + 1;
      throw ongeldig('IMPORT.CSV_ONLEESBAAR', `Het bestand is geen geldige CSV vanaf rij ${regel} (bijvoorbeeld een aanhalingsteken dat niet sluit).`, [{ veld: `rij ${regel}`, melding: 'onleesbare CSV' }]);
    }
    throw error;
  } finally {
    // A reader that stopped early (the first refusal) must not leave the parser holding the upload.
    if (typeof bron !== 'string') bron.unpipe(parser);
    parser.destroy();
  }
}
