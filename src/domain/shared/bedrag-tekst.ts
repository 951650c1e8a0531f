import Big from 'big.js';
import { formatBedrag, ROUND_HALF_EVEN } from '../../shared/money';

/**
 * An amount as a Dutch reader writes it: `€ 1.000,00`, thousands separated by dots, a decimal comma.
 * Amounts have at most two decimals, so the half-even rounding to two decimals never changes a value.
 */
export function euro(value: Big): string {
  const [geheel, decimalen] = value.abs().toFixed(2, ROUND_HALF_EVEN).split('.');
  const gegroepeerd = geheel.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${value.lt(0) ? '-' : ''}€ ${gegroepeerd},${decimalen}`;
}

/** The amount in both forms error messages use: the API's plain form and the Dutch one (`1000.00 (€ 1.000,00)`). */
export const bedragTekst = (value: Big): string => `${formatBedrag(value)} (${euro(value)})`;
