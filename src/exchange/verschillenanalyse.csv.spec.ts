import { parse } from 'csv-parse/sync';
import { foldGrootboek } from '../../projections/grootboek.fold';
import { zwolle2022ToegangJeugdhulp } from '../../projections/testing/zwolle-2022.scenario';
import { verschillenanalyse } from '../../projections/verschillenanalyse/verschillenanalyse.fold';
import { verschillenanalyseAlsCsv } from './verschillenanalyse.csv';

describe('verschillenanalyseAlsCsv', () => {
  it('given a toelichting with a semicolon, quotes and a line break, when exported, then a CSV reader gets the text back unchanged and every row has twelve fields', () => {
    // given
    const log = zwolle2022ToegangJeugdhulp();
    const tekst = 'Capaciteit "herstelplan"; niet ingezet.\nZie raadsbrief.';
    log.add({ type: 'VerschilToegelicht', data: { jaar: 2022, doel: '2.3.1', kolom: 'lasten', tekst } }, { datum: '2023-03-01' });
    const analyse = verschillenanalyse(foldGrootboek(log.events), 'GM0193', 2022, {});

    // when
    const csv = verschillenanalyseAlsCsv(analyse);

    // then
    const rijen = parse(csv, { delimiter: ';', bom: true }) as string[][];
    expect(rijen.every((rij) => rij.length === 12)).toBe(true);
    expect(rijen.find((rij) => rij[2] === '2.3.1' && rij[4] === 'Lasten')?.[11]).toBe(tekst);
    expect(rijen.filter((rij) => rij[0] === 'doel')).toHaveLength(analyse.doelen.length * 4);
  });
});
