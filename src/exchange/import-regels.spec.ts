import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { DomainError, ongeldig } from '../domain/shared/domain-error';
import { csvRijen } from './csv-rijen';
import { leesGetalCel, leesImportRegels } from './import-regels';
import { leesXlsxRegels, xlsxRijen } from './xlsx-rijen';

const leesCsvRegels = (csv: string, maxRegels = 5000) => leesImportRegels(csvRijen(csv), { maxRegels });

async function xlsxVan(rijen: unknown[][]): Promise<Readable> {
  const werkmap = new ExcelJS.Workbook();
  const blad = werkmap.addWorksheet('Import');
  for (const rij of rijen) blad.addRow(rij);
  werkmap.addWorksheet('Niet gelezen').addRow(['doel', 'kolom', 'bedrag']);
  return Readable.from(Buffer.from(await werkmap.xlsx.writeBuffer()));
}

const foutVan = async (csv: string) => {
  try {
    await leesCsvRegels(csv);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('geen fout');
};

describe('import rows from CSV', () => {
  it('given a Dutch spreadsheet export with a BOM, quotes and a reserve column, when read, then every row is an amount string with its spreadsheet row number', async () => {
    const csv = '\uFEFFDoel;Kolom;Bedrag;Reserve\n2.3.1;lasten;"2.852.268,00";\n2.3.1;onttrekkingReserves;(187.693);RES-HERSTEL\n\n7.1.4;baten;1234.5;\n';

    const regels = await leesCsvRegels(csv);

    expect(regels).toEqual([
      { rij: 2, doel: '2.3.1', kolom: 'lasten', bedrag: '2852268.00' },
      { rij: 3, doel: '2.3.1', kolom: 'onttrekkingReserves', bedrag: '-187693.00', reserve: 'RES-HERSTEL' },
      { rij: 5, doel: '7.1.4', kolom: 'baten', bedrag: '1234.50' },
    ]);
  });

  it('given a quoted field that spans lines, blank lines and Windows line ends, when read, then every row keeps the number the spreadsheet shows', async () => {
    // given: row 3's doel is quoted over two lines (rows 3 and 4 in a text editor, one record)
    const csv = 'doel;kolom;bedrag\r\n1.1;lasten;1,00\r\n"1.2\r\nvervolg";lasten;2,00\r\n\r\n  \r\n1.3;lasten;3,00\r\n1.4;baten;oops\r\n';

    // when
    const fout = await foutVan(csv);

    // then: the bad amount is on line 8 (header 1, row 2, record 3–4, blank 5 and 6, row 7, row 8)
    expect(fout.fouten).toEqual([{ veld: 'rij 8, kolom bedrag (C)', melding: expect.stringContaining('oops') }]);
  });

  it('given an upload that arrives in small pieces cut mid-row, when read, then every row comes out whole, in order, with its row number', async () => {
    // given: 3,000 rows in 7-byte pieces, with pauses between them, as a slow upload arrives
    const csv = `doel;kolom;bedrag\n${Array.from({ length: 3000 }, (_, i) => `${1 + (i % 9)}.1;lasten;${i},50`).join('\n')}\n`;
    const stukken = Array.from({ length: Math.ceil(csv.length / 7) }, (_, i) => csv.slice(i * 7, i * 7 + 7));
    const upload = Readable.from(
      (async function* () {
        for (const [index, stuk] of stukken.entries()) {
          if (index % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
          yield Buffer.from(stuk);
        }
      })(),
    );

    // when
    const regels = await leesImportRegels(csvRijen(upload), { maxRegels: 5000 });

    // then
    expect(regels).toHaveLength(3000);
    expect(regels[0]).toEqual({ rij: 2, doel: '1.1', kolom: 'lasten', bedrag: '0.50' });
    expect(regels[2999]).toEqual({ rij: 3001, doel: '3.1', kolom: 'lasten', bedrag: '2999.50' });
    expect(regels.every((regel, i) => regel.rij === i + 2)).toBe(true);
  });

  it('given an upload that breaks off midway, when read, then reading fails instead of returning the rows so far', async () => {
    // given
    const upload = Readable.from(
      (async function* () {
        yield Buffer.from('doel;kolom;bedrag\n1.1;lasten;5,00\n1.2;las');
        await new Promise((resolve) => setTimeout(resolve, 1));
        throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
      })(),
    );

    // when / then
    await expect(leesImportRegels(csvRijen(upload), { maxRegels: 10 })).rejects.toThrow('aborted');
  });

  it('given one bad amount among good rows, when read, then the error names the row and the column and no row comes back', async () => {
    const fout = await foutVan('doel;kolom;bedrag\n2.3.1;lasten;100,00\n2.3.1;lasten;1.234,567\n');

    expect(fout.code).toBe('IMPORT.REGEL_ONGELDIG');
    expect(fout.fouten).toEqual([{ veld: 'rij 3, kolom bedrag (C)', melding: expect.stringMatching(/meer dan twee decimalen/) }]);
    expect(fout.detail).toMatch(/niets vastgelegd/);
  });

  it('given a header without bedrag, then the header row is named', async () => {
    const fout = await foutVan('doel;kolom;waarde\n2.3.1;lasten;1\n');
    expect(fout.code).toBe('IMPORT.KOPREGEL');
    expect(fout.fouten[0].veld).toBe('rij 1');
  });

  it('given more rows than allowed, then the first row too many is named', async () => {
    const csv = `doel;kolom;bedrag\n${'2.3.1;lasten;1\n'.repeat(4)}`;
    await expect(leesCsvRegels(csv, 3)).rejects.toMatchObject({ code: 'IMPORT.TE_VEEL_REGELS', fouten: [{ veld: 'rij 5' }] });
  });

  it('given an empty file or a header only, then it is refused', async () => {
    expect((await foutVan('')).code).toBe('IMPORT.LEEG');
    expect((await foutVan('doel;kolom;bedrag\n')).code).toBe('IMPORT.LEEG');
  });

  it('given an unclosed quote, then the file is refused as unreadable with a row', async () => {
    const fout = await foutVan('doel;kolom;bedrag\n2.3.1;"lasten;1\n');
    expect(fout.code).toBe('IMPORT.CSV_ONLEESBAAR');
  });
});

describe('import rows from XLSX', () => {
  it('given amounts stored as numbers, as Dutch text and as a formula, when read, then each is the exact amount with its spreadsheet row', async () => {
    const bron = await xlsxVan([
      ['Doel', 'Kolom', 'Bedrag', 'Reserve'],
      ['2.3.1', 'lasten', 2852268],
      [],
      ['2.3.1', 'onttrekkingReserves', '(187.693,00)', 'RES-HERSTEL'],
      ['7.1.4', 'baten', { formula: '1000.10+0.2', result: 1000.3 }],
      ['7.1.4', 'lasten', -0.1],
    ]);

    const regels = await leesImportRegels(xlsxRijen(bron), { maxRegels: 10 });

    expect(regels).toEqual([
      { rij: 2, doel: '2.3.1', kolom: 'lasten', bedrag: '2852268.00' },
      { rij: 4, doel: '2.3.1', kolom: 'onttrekkingReserves', bedrag: '-187693.00', reserve: 'RES-HERSTEL' },
      { rij: 5, doel: '7.1.4', kolom: 'baten', bedrag: '1000.30' },
      { rij: 6, doel: '7.1.4', kolom: 'lasten', bedrag: '-0.10' },
    ]);
  });

  it('given a number cell with three decimals, when read, then row and column are named and nothing comes back', async () => {
    const bron = await xlsxVan([['doel', 'kolom', 'bedrag'], ['2.3.1', 'lasten', 100], ['2.3.1', 'lasten', 1234.567]]);

    await expect(leesImportRegels(xlsxRijen(bron), { maxRegels: 10 })).rejects.toMatchObject({
      code: 'IMPORT.REGEL_ONGELDIG',
      fouten: [{ veld: 'rij 3, kolom bedrag (C)', melding: expect.stringMatching(/meer dan twee decimalen/) }],
    });
  });

  it('given a read that loses an entry of the zip (exceljs issue 3064), when the upload is read, then it is read again from the kept bytes and its rows come back', async () => {
    // given: a good workbook, and a reader whose first read fails as exceljs' race does
    const bron = await xlsxVan([['doel', 'kolom', 'bedrag'], ['2.3.1', 'lasten', 1961775.01]]);
    let lezingen = 0;
    const wispelturig = (bytes: Readable) => {
      lezingen += 1;
      if (lezingen === 1) throw ongeldig('IMPORT.XLSX_ONLEESBAAR', "Het bestand is geen leesbare XLSX-werkmap (Cannot read properties of undefined (reading 'sheets')).");
      return xlsxRijen(bytes);
    };

    // when
    const regels = await leesXlsxRegels(bron, { maxRegels: 10 }, wispelturig);

    // then
    expect(lezingen).toBe(2);
    expect(regels).toEqual([{ rij: 2, doel: '2.3.1', kolom: 'lasten', bedrag: '1961775.01' }]);
  });

  it('given bytes that are no workbook, when the upload is read, then it is refused as unreadable after the second read too', async () => {
    await expect(leesXlsxRegels(Readable.from(Buffer.from('doel;kolom;bedrag\n')), { maxRegels: 10 })).rejects.toMatchObject({ code: 'IMPORT.XLSX_ONLEESBAAR' });
  });

  it('given bytes that are no workbook, then the file is refused as unreadable', async () => {
    await expect(leesImportRegels(xlsxRijen(Readable.from(Buffer.from('doel;kolom;bedrag\n'))), { maxRegels: 10 })).rejects.toMatchObject({ code: 'IMPORT.XLSX_ONLEESBAAR' });
  });

  it.each([
    [2852268.12, '2852268.12'],
    [0.1 + 0.2, null],
    [9999999999999.99, '9999999999999.99'],
    [1e13, null],
    [Number.NaN, null],
  ])('reads the number cell %p as %p', (getal, verwacht) => {
    const lezing = leesGetalCel(getal);
    expect('bedrag' in lezing ? lezing.bedrag : null).toBe(verwacht);
  });
});
