import type { Bedrag } from '../../shared/money';
import type {
  Aard,
  Besluit,
  GeboekteLaag,
  GemeenteCode,
  Kolom,
  ReserveBedrag,
  ReservemutatieSoort,
} from '../shared/begrippen';
import type { DomainEventBase } from '../shared/recorded-event';

/** Stream of one gemeente's budget year, from its doelen to the jaarrekening and later corrections. */
export const begrotingStreamId = (gemeente: GemeenteCode, jaar: number) => `begroting-${gemeente}-${jaar}`;

export interface DoelDefinitie {
  code: string;
  naam: string;
  programma: string;
}

/** The beheerder laid down (added or renamed) the doelen of the year. A doel is never removed. */
export type DoelenVastgelegd = DomainEventBase<'DoelenVastgelegd', { jaar: number; doelen: DoelDefinitie[] }>;

export interface VaststellingRegel {
  doel: string;
  lasten: Bedrag;
  baten: Bedrag;
  toevoegingReserves: ReserveBedrag[];
  onttrekkingReserves: ReserveBedrag[];
}

/** The raad adopted the (primitieve) begroting of the year: layer `vastgesteldeBegroting`. Happens once a year. */
export type BegrotingVastgesteld = DomainEventBase<
  'BegrotingVastgesteld',
  { jaar: number; besluit: Besluit; regels: VaststellingRegel[] }
>;

/**
 * Credit spending accounted through the operating budget in the year (layer `mutatiesProjecten`): adds
 * `bedrag` to lasten and, when a reserve funds it, the same to onttrekkingReserves. It is also the
 * krediet's besteding for the year.
 */
export type ProjectmutatieGeboekt = DomainEventBase<
  'ProjectmutatieGeboekt',
  { jaar: number; krediet: string; doel: string; bedrag: Bedrag; reserve?: string }
>;

export interface WijzigingRegel {
  doel: string;
  kolom: Kolom;
  /** Signed: a negative amount lowers the budget. */
  bedrag: Bedrag;
  /** Required for the reserve columns, absent otherwise. */
  reserve?: string;
}

export interface WijzigingOnderdeel {
  titel: string;
  budgettairNeutraal: boolean;
  aard: Aard;
  toelichting?: string;
  regels: WijzigingRegel[];
}

/**
 * The raad adopted a begrotingswijziging (kadernota, berap, najaarsnota or a separate decision): layer
 * `begrotingswijzigingen`. One event per decision; its onderdelen each carry their own neutrality and aard.
 */
export type BegrotingswijzigingVastgesteld = DomainEventBase<
  'BegrotingswijzigingVastgesteld',
  { jaar: number; kenmerk: string; besluit: Besluit; onderdelen: WijzigingOnderdeel[] }
>;

/** A realised addition to or withdrawal from a reserve, attributed to a doel (layer `jaarrekening`). Changes the reserve's balance. */
export type ReservemutatieGeboekt = DomainEventBase<
  'ReservemutatieGeboekt',
  { jaar: number; reserve: string; doel: string; soort: ReservemutatieSoort; bedrag: Bedrag }
>;

export interface RealisatieRegel {
  doel: string;
  kolom: 'lasten' | 'baten';
  /** A signed delta: a correction before closing is simply another delta. */
  bedrag: Bedrag;
}

/** Realised lasten or baten were booked (layer `jaarrekening`). */
/**
 * Realised amounts booked from the financial administration. A booking of more than
 * `REALISATIE_REGELS_PER_EVENT` lines (a year's journal imported at once) is recorded as consecutive
 * parts appended together, all or none: `deel` numbers them, and they share kenmerk and correlationId.
 */
export type RealisatieGeboekt = DomainEventBase<
  'RealisatieGeboekt',
  { jaar: number; kenmerk?: string; regels: RealisatieRegel[]; deel?: { nummer: number; van: number } }
>;

/** Lines per RealisatieGeboekt: keeps each event (and each history item) a readable size. */
export const REALISATIE_REGELS_PER_EVENT = 5000;

/** A controller explained a variance. The newest per (doel, kolom) is the one shown; no kolom means the doel as a whole. */
export type VerschilToegelicht = DomainEventBase<
  'VerschilToegelicht',
  { jaar: number; doel: string; kolom?: Kolom; tekst: string }
>;

/** The raad adopted the jaarrekening: the year is closed, only corrections follow. */
export type JaarrekeningVastgesteld = DomainEventBase<'JaarrekeningVastgesteld', { jaar: number; besluit: Besluit }>;

export interface CorrectieRegel {
  doel: string;
  kolom: Kolom;
  bedrag: Bedrag;
  reserve?: string;
}

/**
 * A correction of an earlier event (`corrigeert`), booked as signed deltas in the layer of the corrected
 * event (`laag`, fixed when the correction was decided). After the jaarrekening it is the only write.
 * Corrections of realised reserve columns change the reserve's balance.
 */
export type CorrectieGeboekt = DomainEventBase<
  'CorrectieGeboekt',
  { jaar: number; corrigeert: string; laag: GeboekteLaag; reden: string; regels: CorrectieRegel[] }
>;

export type BegrotingEvent =
  | DoelenVastgelegd
  | BegrotingVastgesteld
  | ProjectmutatieGeboekt
  | BegrotingswijzigingVastgesteld
  | ReservemutatieGeboekt
  | RealisatieGeboekt
  | VerschilToegelicht
  | JaarrekeningVastgesteld
  | CorrectieGeboekt;

export const BEGROTING_EVENT_TYPES: readonly BegrotingEvent['type'][] = [
  'DoelenVastgelegd',
  'BegrotingVastgesteld',
  'ProjectmutatieGeboekt',
  'BegrotingswijzigingVastgesteld',
  'ReservemutatieGeboekt',
  'RealisatieGeboekt',
  'VerschilToegelicht',
  'JaarrekeningVastgesteld',
  'CorrectieGeboekt',
];
