import Big from 'big.js';

/**
 * Amounts (bedragen) are exact decimals with at most two decimals. They travel as strings
 * ("2852268.00") through the API and the events, and as big.js values inside computations.
 * A JavaScript number never holds an amount: `toNumber()` is banned by lint.
 */
export type Bedrag = string;

/** The API's amount pattern: optional minus, 1–13 integer digits, at most two decimals. */
export const BEDRAG_PATTERN = /^-?\d{1,13}(\.\d{1,2})?$/;


// big.js rounding modes by name, so every rounding says which one it uses.
export const ROUND_HALF_UP = 1 as Big.RoundingMode;
export const ROUND_HALF_EVEN = 2 as Big.RoundingMode;

/**
 * An amount string. The pattern alone keeps absolute values below 10^13 (DOMAIN.md rule 4): at most 13
 * integer digits. No big.js parse here: this runs for every line of a 100,000-line import, several times.
 */
export function isBedrag(value: unknown): value is Bedrag {
  return typeof value === 'string' && BEDRAG_PATTERN.test(value);
}

/** Parses a validated amount string. Throws on anything that is not an amount: callers validate first. */
export function bedrag(value: Bedrag): Big {
  if (!isBedrag(value)) throw new Error(`geen geldig bedrag: ${JSON.stringify(value)}`);
  return new Big(value);
}

/** The canonical string form: always two decimals ("-891676.00"). No rounding happens: inputs have ≤ 2 decimals. */
export function formatBedrag(value: Big): Bedrag {
  const text = value.toFixed(2, ROUND_HALF_EVEN);
  return text === '-0.00' ? '0.00' : text;
}

/** The canonical form formatBedrag gives: two decimals, no leading zeros, no "-0.00". */
const CANONIEK_BEDRAG = /^(-?)(0|[1-9]\d{0,12})\.\d\d$/;

/** Normalises an amount string to its canonical two-decimal form ("5" → "5.00"). */
export function normaliseerBedrag(value: Bedrag): Bedrag {
  // Most amounts arrive canonical already (every import row, every event): then there is nothing to parse.
  if (CANONIEK_BEDRAG.test(value) && value !== '-0.00') return value;
  return formatBedrag(bedrag(value));
}

export const NUL = new Big(0);

/**
 * Whether an amount is zero, without `eq(0)`'s new Big parsed from the literal on every call (a rebuild
 * asks this of every column of every changed doel). big.js keeps zero as the coefficient `[0]` (its
 * documented `c`, `e`, `s` representation), and any other value starts with a non-zero digit.
 */
export const isNulBedrag = (waarde: Big): boolean => waarde.c[0] === 0;

export function som(values: Iterable<Big>): Big {
  let total = NUL;
  for (const value of values) total = total.plus(value);
  return total;
}

/**
 * Percentage of `deel` relative to `geheel`, one decimal, half-even (API.md: `percentage`).
 * Null when the whole is zero: a percentage of nothing has no meaning.
 */
export function percentage(deel: Big, geheel: Big): string | null {
  if (geheel.eq(0)) return null;
  const text = deel.times(100).div(geheel).toFixed(1, ROUND_HALF_EVEN);
  return text === '-0.0' ? '0.0' : text;
}
