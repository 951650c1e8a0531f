import { formatBedrag, type Bedrag } from '../../src/shared/money';
import type { Doel, GemeenteCode } from '../../src/domain/shared/begrippen';
import {
  begrotingNaWijziging,
  doelCodesVan,
  jaarBoek,
  lagenVan,
  somKolommen,
  type Grootboek,
  type Kolommen,
} from '../grootboek.fold';
import { doelObject, sorteerCodes, vergelijkCodes } from '../shared/codes';

/** One row of the overzicht baten en lasten, in BBV's sign convention. */
export interface BatenEnLastenRegel {
  lasten: Bedrag;
  baten: Bedrag;
  /** baten − lasten (BBV); Zwolle prints the negation, the UI may too, labelled. */
  saldoBatenEnLasten: Bedrag;
  toevoegingReserves: Bedrag;
  onttrekkingReserves: Bedrag;
  /** saldoBatenEnLasten + onttrekkingReserves − toevoegingReserves. */
  geraamdResultaat: Bedrag;
}

export interface OverzichtBatenEnLasten {
  gemeente: GemeenteCode;
  jaar: number;
  programmas: ({ programma: string; doelen: ({ doel: Doel } & BatenEnLastenRegel)[] } & BatenEnLastenRegel)[];
  totaal: BatenEnLastenRegel;
}

/**
 * The overzicht baten en lasten (seed 001) on begroting na wijziging, per programma and doel, with
 * totals per programma and for the gemeente. Programmas and doelen in natural code order. A year
 * without doelen answers with no programmas and zero totals.
 */
export function overzichtBatenEnLasten(grootboek: Grootboek, gemeente: GemeenteCode, jaar: number): OverzichtBatenEnLasten {
  const boekjaar = jaarBoek(grootboek, jaar);
  const perProgramma = new Map<string, { doel: Doel; begroot: Kolommen }[]>();
  for (const code of sorteerCodes(doelCodesVan(boekjaar))) {
    const doel = doelObject(code, boekjaar.doelen[code]);
    const rijen = perProgramma.get(doel.programma) ?? [];
    rijen.push({ doel, begroot: begrotingNaWijziging(lagenVan(boekjaar, code)) });
    perProgramma.set(doel.programma, rijen);
  }

  const programmas = [...perProgramma.keys()].sort(vergelijkCodes).map((programma) => {
    const rijen = perProgramma.get(programma) ?? [];
    return {
      programma,
      doelen: rijen.map(({ doel, begroot }) => ({ doel, ...regel(begroot) })),
      ...regel(somKolommen(rijen.map((rij) => rij.begroot))),
    };
  });
  const alleRijen = [...perProgramma.values()].flat();
  return { gemeente, jaar, programmas, totaal: regel(somKolommen(alleRijen.map((rij) => rij.begroot))) };
}

function regel(begroot: Kolommen): BatenEnLastenRegel {
  const saldo = begroot.baten.minus(begroot.lasten);
  return {
    lasten: formatBedrag(begroot.lasten),
    baten: formatBedrag(begroot.baten),
    saldoBatenEnLasten: formatBedrag(saldo),
    toevoegingReserves: formatBedrag(begroot.toevoegingReserves),
    onttrekkingReserves: formatBedrag(begroot.onttrekkingReserves),
    geraamdResultaat: formatBedrag(saldo.plus(begroot.onttrekkingReserves).minus(begroot.toevoegingReserves)),
  };
}
