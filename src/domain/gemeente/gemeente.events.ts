import type { Bedrag } from '../../shared/money';
import type { Besluit, Datum, GemeenteCode, ReserveSoort } from '../shared/begrippen';
import type { DomainEventBase } from '../shared/recorded-event';

/** Stream of a gemeente's registry: its reserves, kredieten, settings and balance-sheet balances. */
export const gemeenteStreamId = (gemeente: GemeenteCode) => `gemeente-${gemeente}`;

/** A gemeente joined the ledger. Always the first event of its stream. */
export type GemeenteGeregistreerd = DomainEventBase<'GemeenteGeregistreerd', { gemeente: GemeenteCode; naam: string }>;

/**
 * The gemeente's variance thresholds changed (from `PUT …/instellingen`). Not in DOMAIN.md's catalogue,
 * but settings must be facts too: an as-of verschillenanalyse has to use the thresholds of that moment.
 * `drempelPercentage` null means: no percentage threshold.
 */
export type InstellingenGewijzigd = DomainEventBase<
  'InstellingenGewijzigd',
  { drempelBedrag: Bedrag; drempelPercentage: string | null }
>;

/** The raad (or college) established a reserve with its opening balance (`beginsaldo`) on `peildatum`. */
export type ReserveIngesteld = DomainEventBase<
  'ReserveIngesteld',
  { reserve: string; naam: string; soort: ReserveSoort; beginsaldo: Bedrag; peildatum: Datum }
>;

/** A reserve was dissolved; it can no longer be named in new bookings. */
export type ReserveOpgeheven = DomainEventBase<'ReserveOpgeheven', { reserve: string; besluit: Besluit }>;

/** The raad authorised an investment credit (krediet) of `omvang` for a doel. */
export type KredietVerleend = DomainEventBase<
  'KredietVerleend',
  { krediet: string; naam: string; doel: string; omvang: Bedrag; besluit: Besluit }
>;

/** The raad raised (positive `bedrag`) or lowered (negative) a krediet's omvang. */
export type KredietGewijzigd = DomainEventBase<'KredietGewijzigd', { krediet: string; bedrag: Bedrag; besluit: Besluit }>;

/** A krediet was closed (usually at the jaarrekening); no further project mutations may be booked on it. */
export type KredietAfgesloten = DomainEventBase<'KredietAfgesloten', { krediet: string; besluit: Besluit }>;

/** The accountant stated a reserve's balance according to the balance sheet on `datum`, to reconcile against. */
export type ReservesaldoVolgensBalansVastgelegd = DomainEventBase<
  'ReservesaldoVolgensBalansVastgelegd',
  { reserve: string; datum: Datum; saldo: Bedrag }
>;

export type GemeenteEvent =
  | GemeenteGeregistreerd
  | InstellingenGewijzigd
  | ReserveIngesteld
  | ReserveOpgeheven
  | KredietVerleend
  | KredietGewijzigd
  | KredietAfgesloten
  | ReservesaldoVolgensBalansVastgelegd;

export const GEMEENTE_EVENT_TYPES: readonly GemeenteEvent['type'][] = [
  'GemeenteGeregistreerd',
  'InstellingenGewijzigd',
  'ReserveIngesteld',
  'ReserveOpgeheven',
  'KredietVerleend',
  'KredietGewijzigd',
  'KredietAfgesloten',
  'ReservesaldoVolgensBalansVastgelegd',
];
