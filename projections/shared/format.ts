import type Big from 'big.js';
import { formatBedrag, type Bedrag } from '../../src/shared/money';
import type { Kolom } from '../../src/domain/shared/begrippen';
import type { Kolommen } from '../grootboek.fold';

/** The four columns as answers show them: two-decimal strings. */
export type KolommenJson = Record<Kolom, Bedrag>;

export function kolommenJson(kolommen: Kolommen): KolommenJson {
  return {
    lasten: formatBedrag(kolommen.lasten),
    baten: formatBedrag(kolommen.baten),
    toevoegingReserves: formatBedrag(kolommen.toevoegingReserves),
    onttrekkingReserves: formatBedrag(kolommen.onttrekkingReserves),
  };
}

export const bedragJson = (waarde: Big): Bedrag => formatBedrag(waarde);
