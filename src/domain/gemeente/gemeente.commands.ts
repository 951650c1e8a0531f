import type { Bedrag } from '../../shared/money';
import type { Actor, Besluit, Datum, GemeenteCode, ReserveSoort } from '../shared/begrippen';

interface GemeenteCommandBase<TType extends string, TData> {
  type: TType;
  gemeente: GemeenteCode;
  data: TData;
  /** The moment the command was received (ISO-8601). */
  nu: string;
  actor: Actor;
}

export type RegistreerGemeente = GemeenteCommandBase<'RegistreerGemeente', { naam: string }>;
export type WijzigInstellingen = GemeenteCommandBase<
  'WijzigInstellingen',
  { drempelBedrag: Bedrag; drempelPercentage: string | null }
>;
export type StelReserveIn = GemeenteCommandBase<
  'StelReserveIn',
  { reserve: string; naam: string; soort: ReserveSoort; beginsaldo: Bedrag; peildatum: Datum }
>;
export type VerleenKrediet = GemeenteCommandBase<
  'VerleenKrediet',
  { krediet: string; naam: string; doel: string; omvang: Bedrag; besluit: Besluit }
>;
export type WijzigKrediet = GemeenteCommandBase<'WijzigKrediet', { krediet: string; bedrag: Bedrag; besluit: Besluit }>;
export type LegBalanssaldoVast = GemeenteCommandBase<'LegBalanssaldoVast', { reserve: string; datum: Datum; saldo: Bedrag }>;

export type GemeenteCommand =
  | RegistreerGemeente
  | WijzigInstellingen
  | StelReserveIn
  | VerleenKrediet
  | WijzigKrediet
  | LegBalanssaldoVast;
