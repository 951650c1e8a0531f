import Big from 'big.js';
import fc from 'fast-check';
import { formatBedrag, isBedrag, isNulBedrag, normaliseerBedrag } from './money';

const cijfers = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
/** Any text the amount pattern accepts: sign, 1–13 integer digits (leading zeros too), 0–2 decimals. */
const bedragTekst = fc
  .tuple(fc.constantFrom('', '-'), cijfers(1, 13), fc.oneof(fc.constant(''), cijfers(1, 2).map((decimalen) => `.${decimalen}`)))
  .map((delen) => delen.join(''));

describe('amounts', () => {
  it('given any amount text, when normalised, then it is what big.js formats it to: two decimals, no leading zeros, no minus zero', () => {
    fc.assert(
      fc.property(bedragTekst, (tekst) => {
        expect(isBedrag(tekst)).toBe(true);
        expect(normaliseerBedrag(tekst)).toBe(formatBedrag(new Big(tekst)));
      }),
      { numRuns: 2000 },
    );
  });

  it('given amounts that are already canonical or only look it, when normalised, then only the canonical ones stay as they are', () => {
    expect(normaliseerBedrag('2852268.00')).toBe('2852268.00');
    expect(normaliseerBedrag('-0.50')).toBe('-0.50');
    expect(normaliseerBedrag('-0.00')).toBe('0.00');
    expect(normaliseerBedrag('007.10')).toBe('7.10');
    expect(normaliseerBedrag('-00.00')).toBe('0.00');
    expect(normaliseerBedrag('5')).toBe('5.00');
  });

  it('given any amount and the results of sums that cancel out, when asked whether it is zero, then the answer is big.js eq(0)', () => {
    fc.assert(
      fc.property(bedragTekst, bedragTekst, (a, b) => {
        for (const waarde of [new Big(a), new Big(a).minus(a), new Big(a).minus(b), new Big(a).times(0), new Big(a).neg()]) {
          expect(isNulBedrag(waarde)).toBe(waarde.eq(0));
        }
      }),
      { numRuns: 2000 },
    );
    expect(isNulBedrag(new Big('0.001'))).toBe(false);
    expect(isNulBedrag(new Big('-0.00'))).toBe(true);
  });

  it('given 13 integer digits or 14, when checked, then rule 4 (below 10^13) holds by the pattern alone', () => {
    expect(isBedrag('9999999999999.99')).toBe(true);
    expect(isBedrag('-9999999999999.99')).toBe(true);
    expect(isBedrag('10000000000000')).toBe(false);
    expect(isBedrag('1e13')).toBe(false);
    expect(isBedrag(100)).toBe(false);
  });
});
