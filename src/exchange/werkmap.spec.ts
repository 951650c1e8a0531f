import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { foldGrootboek } from '../../projections/grootboek.fold';
import { zwolle2022ToegangJeugdhulp } from '../../projections/testing/zwolle-2022.scenario';
import { verschillenanalyse } from '../../projections/verschillenanalyse/verschillenanalyse.fold';
import { regelTekst, verschillenanalyseWerkmap } from './rapport-werkmappen';
import { alsExcelGetal, bedragUitExcelGetal, type Werkmap, werkmapAlsCsv, werkmapAlsXlsx } from './werkmap';

const proef: Werkmap = {
  bestandsnaam: 'proef',
  titel: 'Proef',
  bladen: [
    {
      naam: 'Eerste',
      kolommen: [
        { kop: 'Naam', soort: 'tekst', breedte: 30 },
        { kop: 'Bedrag', soort: 'bedrag', breedte: 16 },
        { kop: 'Percentage', soort: 'percentage', breedte: 9 },
      ],
      rijen: [{ cellen: ['a; "b"', '-2852268.05', '10.6'] }, { cellen: ['Totaal', '9999999999999.99', null], totaal: true }],
    },
    { naam: 'Tweede', kolommen: [{ kop: 'Positie', soort: 'geheel', breedte: 8 }], rijen: [{ cellen: [7] }] },
  ],
};

describe('a Werkmap as CSV', () => {
  it('given a toelichting with a semicolon, quotes and a line break, when the verschillenanalyse is exported, then a CSV reader gets the text back unchanged and every row has twelve fields', () => {
    // given
    const log = zwolle2022ToegangJeugdhulp();
    const tekst = 'Capaciteit "herstelplan"; niet ingezet.\nZie raadsbrief.';
    log.add({ type: 'VerschilToegelicht', data: { jaar: 2022, doel: '2.3.1', kolom: 'lasten', tekst } }, { datum: '2023-03-01' });
    const analyse = verschillenanalyse(foldGrootboek(log.events), 'GM0193', 2022, {});

    // when
    const csv = werkmapAlsCsv(verschillenanalyseWerkmap(analyse));

    // then
    const rijen = parse(csv, { delimiter: ';', bom: true }) as string[][];
    expect(rijen.every((rij) => rij.length === 12)).toBe(true);
    expect(rijen.find((rij) => rij[2] === '2.3.1' && rij[4] === 'Lasten')?.[11]).toBe(tekst);
    expect(rijen.filter((rij) => rij[0] === 'doel')).toHaveLength(analyse.doelen.length * 4);
  });

  it('given two sheets, when exported, then amounts carry a decimal comma and the sheets follow each other with their own header', () => {
    const rijen = parse(werkmapAlsCsv(proef), { delimiter: ';', bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];

    expect(rijen).toEqual([['Naam', 'Bedrag', 'Percentage'], ['a; "b"', '-2852268,05', '10,6'], ['Totaal', '9999999999999,99', ''], [''], ['Positie'], ['7']]);
  });
});

describe('a Werkmap as XLSX', () => {
  it('given a workbook, when written and read back, then header frozen and bold, euro format, widths, bold totals and the exact amounts', async () => {
    const boek = new ExcelJS.Workbook();
    await boek.xlsx.load(new Uint8Array(await werkmapAlsXlsx(proef)).buffer);

    const blad = boek.getWorksheet('Eerste');
    expect(blad?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(blad?.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(blad?.getColumn(1).width).toBe(30);
    expect(blad?.getCell('B2').numFmt).toMatch(/€/);
    expect(bedragUitExcelGetal(blad?.getCell('B2').value as number)).toBe('-2852268.05');
    expect(bedragUitExcelGetal(blad?.getCell('B3').value as number)).toBe('9999999999999.99');
    expect(blad?.getCell('A2').value).toBe('a; "b"');
    expect(blad?.getRow(3).getCell(1).font?.bold).toBe(true);
    expect(blad?.getRow(2).getCell(1).font?.bold).toBeFalsy();
    expect(boek.getWorksheet('Tweede')?.getCell('A2').value).toBe(7);
    expect(boek.title).toBe('Proef');
  });

  it.each(['0.10', '-187693.00', '2852268.99', '9999999999999.99'])('turns %s into a cell number and back without a cent lost', (bedrag) => {
    expect(bedragUitExcelGetal(alsExcelGetal(bedrag))).toBe(bedrag);
  });

  it('refuses a decimal a double cannot hold exactly, instead of rounding it', () => {
    expect(() => alsExcelGetal('12345678901234567.01')).toThrow(/exact/);
  });
});

describe('the lines of a history export', () => {
  it('given one line with its fields in the event order and in the order jsonb gives them back, when written as text, then both read the same, doel first', () => {
    // given: a vaststelling line as folded from the event, and as read back from the jsonb history read model (keys by length)
    const uitEvent = { doel: '2.3.1', lasten: '2852268.00', baten: '0.00', toevoegingReserves: [], onttrekkingReserves: [] };
    const alsJsonb = Object.fromEntries(Object.entries(uitEvent).sort(([a], [b]) => a.length - b.length || (a < b ? -1 : 1)));
    expect(Object.keys(alsJsonb)).not.toEqual(Object.keys(uitEvent));

    // when
    const teksten = [regelTekst(uitEvent), regelTekst(alsJsonb)];

    // then
    expect(teksten).toEqual(['doel 2.3.1, baten 0.00, lasten 2852268.00', 'doel 2.3.1, baten 0.00, lasten 2852268.00']);
  });

  it('given a realisatie line with a reserve, when written as text, then doel, kolom and reserve come before the bedrag', () => {
    expect(regelTekst({ bedrag: '187693.00', reserve: 'RES-HERSTEL', kolom: 'onttrekkingReserves', doel: '2.3.1' })).toBe('doel 2.3.1, kolom onttrekkingReserves, reserve RES-HERSTEL, bedrag 187693.00');
  });
});
