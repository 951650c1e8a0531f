import { totVan } from '../../projections/as-of';
import { doeloverzicht } from '../../projections/doeloverzicht/doeloverzicht.fold';
import type { Grootboek } from '../../projections/grootboek.fold';
import { doelHistorieUit, type HistorieItem, onderwerp } from '../../projections/historie/historie.fold';
import { kredietoverzicht } from '../../projections/kredietoverzicht/kredietoverzicht.fold';
import { overzichtBatenEnLasten } from '../../projections/overzicht-baten-en-lasten/overzicht-baten-en-lasten.fold';
import { reservestaat } from '../../projections/reservestaat/reservestaat.fold';
import { DOELEN, JAREN, KREDIETEN, RESERVES } from '../../projections/testing/ledger-historie.arbitrary';
import { verschillenanalyse } from '../../projections/verschillenanalyse/verschillenanalyse.fold';

/** Every subject whose history a report can ask for, in the arbitrary's universe. */
export const ALLE_ONDERWERPEN = [
  ...JAREN.flatMap((jaar) => [onderwerp.jaar(jaar), ...DOELEN.map((doel) => onderwerp.doel(jaar, doel))]),
  ...RESERVES.map(onderwerp.reserve),
  ...KREDIETEN.map(onderwerp.krediet),
];

/**
 * Every report of every read model for the arbitrary's universe of years, doelen, reserves and
 * kredieten, computed from a grootboek per year (as the service loads it) and the history items.
 */
export function alleRapporten(gemeente: string, grootboekVoorJaar: (jaar: number) => Grootboek, historie: Map<string, HistorieItem<unknown>[]>) {
  const perJaar = JAREN.map((jaar) => {
    const grootboek = grootboekVoorJaar(jaar);
    return {
      jaar,
      doeloverzichten: DOELEN.map((doel) => doeloverzicht(grootboek, gemeente, jaar, doel, totVan(grootboek.positie))),
      verschillenanalyse: verschillenanalyse(grootboek, gemeente, jaar, {}),
      verschillenanalyseMetDrempel: verschillenanalyse(grootboek, gemeente, jaar, { drempelBedrag: '1000.00', drempelPercentage: '5' }),
      overzichtBatenEnLasten: overzichtBatenEnLasten(grootboek, gemeente, jaar),
      reservestaten: RESERVES.map((reserve) => reservestaat(grootboek, gemeente, reserve, jaar)),
      kredietoverzichten: KREDIETEN.map((krediet) => kredietoverzicht(grootboek, gemeente, krediet, jaar)),
      doelhistories: DOELEN.map((doel) => doelHistorieUit(historie.get(onderwerp.doel(jaar, doel)) ?? [], historie.get(onderwerp.jaar(jaar)) ?? [])),
    };
  });
  return {
    perJaar,
    reservehistories: RESERVES.map((reserve) => historie.get(onderwerp.reserve(reserve)) ?? []),
    krediethistories: KREDIETEN.map((krediet) => historie.get(onderwerp.krediet(krediet)) ?? []),
  };
}
