import type { Bedrag } from '../../shared/money';
import type { Actor, Besluit, Datum, GemeenteCode, Kolom, ReservemutatieSoort } from '../shared/begrippen';
import type { CorrectieRegel, DoelDefinitie, RealisatieRegel, VaststellingRegel, WijzigingOnderdeel } from './begroting.events';

/**
 * Commands on a budget year. Amounts arrive already validated as amount strings (the HTTP edge checks
 * the pattern); the decider still checks signs and the rules of DOMAIN.md. Time comes in the command
 * (`nu`), never from a clock inside the domain.
 */
interface BegrotingCommandBase<TType extends string, TData> {
  type: TType;
  gemeente: GemeenteCode;
  jaar: number;
  data: TData;
  /** The moment the command was received (ISO-8601), for events that have no date of their own. */
  nu: string;
  actor: Actor;
}

export type LegDoelenVast = BegrotingCommandBase<'LegDoelenVast', { doelen: DoelDefinitie[] }>;
export type StelBegrotingVast = BegrotingCommandBase<'StelBegrotingVast', { besluit: Besluit; regels: VaststellingRegel[] }>;
export type BoekProjectmutatie = BegrotingCommandBase<
  'BoekProjectmutatie',
  { krediet: string; doel: string; bedrag: Bedrag; reserve?: string; datum: Datum }
>;
export type StelBegrotingswijzigingVast = BegrotingCommandBase<
  'StelBegrotingswijzigingVast',
  { kenmerk: string; besluit: Besluit; onderdelen: WijzigingOnderdeel[] }
>;
export type BoekReservemutatie = BegrotingCommandBase<
  'BoekReservemutatie',
  { reserve: string; doel: string; soort: ReservemutatieSoort; bedrag: Bedrag; datum: Datum }
>;
export type BoekRealisatie = BegrotingCommandBase<'BoekRealisatie', { datum: Datum; kenmerk?: string; regels: RealisatieRegel[] }>;
export type LichtVerschilToe = BegrotingCommandBase<'LichtVerschilToe', { doel: string; kolom?: Kolom; tekst: string }>;
export type StelJaarrekeningVast = BegrotingCommandBase<'StelJaarrekeningVast', { besluit: Besluit }>;
export type BoekCorrectie = BegrotingCommandBase<
  'BoekCorrectie',
  { corrigeert: string; reden: string; regels: CorrectieRegel[]; datum?: Datum }
>;

export type BegrotingCommand =
  | LegDoelenVast
  | StelBegrotingVast
  | BoekProjectmutatie
  | StelBegrotingswijzigingVast
  | BoekReservemutatie
  | BoekRealisatie
  | LichtVerschilToe
  | StelJaarrekeningVast
  | BoekCorrectie;
