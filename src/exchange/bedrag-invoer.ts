import { isBedrag, normaliseerBedrag, type Bedrag } from '../shared/money';

/**
 * Amounts as spreadsheets and financial systems print them, read into the ledger's decimal strings.
 *
 * Accepted: Dutch `2.852.268,00`, `-891.676`, `234.989`, `1.234,5`; plain `2852268.00`, `-891676`;
 * negatives as `-…` or in parentheses `(891.676,00)`; a leading `€` and spaces. Never a guess about
 * money: a single dot followed by exactly three digits (`234.989`) is a thousands separator, because
 * as a decimal point it would be three decimals, which no amount has; any amount with more than two
 * decimals is refused. Exponents, NaN and other text are refused.
 */
export type BedragLezing = { bedrag: Bedrag } | { fout: string };

const NEDERLANDS = /^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$/;
const GEWOON = /^\d+(\.\d{1,2})?$/;

export function leesBedrag(invoer: string): BedragLezing {
  let tekst = invoer.trim().replace(/^€\s*/, '').replace(/\s+/g, '');
  let negatief = false;
  if (/^\(.*\)$/.test(tekst)) {
    negatief = true;
    tekst = tekst.slice(1, -1);
  }
  if (tekst.startsWith('-')) {
    if (negatief) return { fout: `"${invoer}" heeft twee mintekens` };
    negatief = true;
    tekst = tekst.slice(1);
  }
  if (tekst === '') return { fout: 'het bedrag ontbreekt' };
  let decimaal: string;
  if (NEDERLANDS.test(tekst) && (tekst.includes(',') || /\.\d{3}(\.|,|$)/.test(tekst))) {
    decimaal = tekst.replace(/\./g, '').replace(',', '.');
  } else if (GEWOON.test(tekst)) {
    decimaal = tekst;
  } else if (/[.,]\d{3,}$/.test(tekst) && /^\d[\d.,]*$/.test(tekst)) {
    return { fout: `"${invoer}" heeft meer dan twee decimalen` };
  } else {
    return { fout: `"${invoer}" is geen bedrag; schrijf bijvoorbeeld 2.852.268,00 of 2852268.00` };
  }
  const metTeken = negatief && !/^0+(\.0+)?$/.test(decimaal) ? `-${decimaal}` : decimaal;
  const genormaliseerd = metTeken.replace(/^(-?)0+(?=\d)/, '$1');
  if (!isBedrag(genormaliseerd)) return { fout: `"${invoer}" valt buiten het bereik van een bedrag (kleiner dan 10^13)` };
  return { bedrag: normaliseerBedrag(genormaliseerd) };
}
