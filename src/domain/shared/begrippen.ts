import type { Bedrag } from '../../shared/money';

/** CBS code of a gemeente, `GM` followed by four digits (`GM0193` Zwolle, `GM1740` Neder-Betuwe). */
export type GemeenteCode = string;
export const GEMEENTE_CODE_PATTERN = /^GM\d{4}$/;

/** A calendar date `YYYY-MM-DD` (a decision date or booking date). */
export type Datum = string;

export type Orgaan = 'raad' | 'college';

/** The decision an event rests on: its date, the body that took it and, usually, its reference. */
export interface Besluit {
  datum: Datum;
  orgaan: Orgaan;
  kenmerk?: string;
}

/** The four columns of every budget table. */
export const KOLOMMEN = ['lasten', 'baten', 'toevoegingReserves', 'onttrekkingReserves'] as const;
export type Kolom = (typeof KOLOMMEN)[number];
export const isReserveKolom = (kolom: Kolom) => kolom === 'toevoegingReserves' || kolom === 'onttrekkingReserves';

/** The booked layers of the budget walk; `begrotingNaWijziging`, `resultaat` and `saldo` are derived, never booked. */
export const GEBOEKTE_LAGEN = ['vastgesteldeBegroting', 'mutatiesProjecten', 'begrotingswijzigingen', 'jaarrekening'] as const;
export type GeboekteLaag = (typeof GEBOEKTE_LAGEN)[number];

export type Aard = 'incidenteel' | 'structureel';
export type ReserveSoort = 'algemeen' | 'bestemming';
export type ReservemutatieSoort = 'toevoeging' | 'onttrekking';

export interface ReserveBedrag {
  reserve: string;
  bedrag: Bedrag;
}

/** A doel as it appears in every answer. `programma` is the dotted parent the gemeente chose (`2.3`, `5`). */
export interface Doel {
  code: string;
  naam: string;
  programma: string;
}

/** Who did it: the token's subject (an id, never a person's name, so erasure never breaks the hash chain) and role. */
export interface Actor {
  subject: string;
  rol: string;
}
