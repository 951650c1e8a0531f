import { leesBedrag } from './bedrag-invoer';

describe('leesBedrag: amounts as spreadsheets print them', () => {
  it.each([
    ['2.852.268,00', '2852268.00'],
    ['2.852.268', '2852268.00'],
    ['234.989', '234989.00'],
    ['-891.676', '-891676.00'],
    ['(891.676,00)', '-891676.00'],
    ['1.234,5', '1234.50'],
    ['0,01', '0.01'],
    ['2852268.00', '2852268.00'],
    ['2852268', '2852268.00'],
    ['-891676.5', '-891676.50'],
    ['€ 1.000,00', '1000.00'],
    [' 12 ', '12.00'],
    ['-0,00', '0.00'],
    ['007', '7.00'],
  ])('given %s, when read, then %s', (invoer, verwacht) => {
    expect(leesBedrag(invoer)).toEqual({ bedrag: verwacht });
  });

  it.each([
    ['1.234,567', /meer dan twee decimalen/],
    ['1234.567', /meer dan twee decimalen/],
    ['1e5', /geen bedrag/],
    ['NaN', /geen bedrag/],
    ['12,34,56', /geen bedrag/],
    ['1.23.4', /geen bedrag/],
    ['', /ontbreekt/],
    ['(-5)', /twee mintekens/],
    ['10.000.000.000.000,00', /bereik/],
    ['abc', /geen bedrag/],
  ])('given %s, when read, then it is refused with a reason', (invoer, reden) => {
    const lezing = leesBedrag(invoer);
    expect('fout' in lezing && lezing.fout).toMatch(reden);
  });
});
