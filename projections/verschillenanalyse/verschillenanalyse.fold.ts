import Big from 'big.js';
import { formatBedrag, percentage, som, type Bedrag } from '../../src/shared/money';
import { KOLOMMEN, type Doel, type GemeenteCode, type Kolom } from '../../src/domain/shared/begrippen';
import {
  begrotingNaWijziging,
  bestedingenVan,
  doelCodesVan,
  jaarBoek,
  lagenVan,
  resultaat,
  somKolommen,
  toelichtingSleutel,
  type Grootboek,
  type JaarBoek,
  type Kolommen,
} from '../grootboek.fold';
import { wijktAfVanBalans } from '../reservestaat/reservestaat.fold';
import { doelObject, sorteerCodes, vergelijkCodes } from '../shared/codes';

export type Oordeel = 'voordelig' | 'nadelig' | 'neutraal';

export type Signaal =
  | 'overschrijding'
  | 'toelichtingOntbreekt'
  | 'kredietoverschrijding'
  | 'onttrekkingBovenBegroot'
  | 'verschilMetBalans';

/** Signals always appear in this order, so answers and exports are deterministic. */
const SIGNAAL_VOLGORDE: readonly Signaal[] = [
  'overschrijding',
  'toelichtingOntbreekt',
  'kredietoverschrijding',
  'onttrekkingBovenBegroot',
  'verschilMetBalans',
];

export interface KolomVergelijking {
  /** Begroting na wijziging. */
  begroot: Bedrag;
  realisatie: Bedrag;
  /** As `resultaat`: positive is voordelig. */
  verschil: Bedrag;
  /** verschil / begroot × 100, one decimal half-even; null when begroot is 0. */
  percentage: string | null;
  oordeel: Oordeel;
}

export interface KolomAnalyse extends KolomVergelijking {
  toelichtingVereist: boolean;
  toelichting: string | null;
}

export interface DoelAnalyse {
  doel: Doel;
  kolommen: Record<Kolom, KolomAnalyse>;
  saldo: Bedrag;
  signalen: Signaal[];
}

export interface ProgrammaAnalyse {
  programma: string;
  kolommen: Record<Kolom, KolomVergelijking>;
  saldo: Bedrag;
  /** Only `overschrijding`: the BBV judges begrotingsrechtmatigheid per programma, on lasten. */
  signalen: Signaal[];
}

export interface Verschillenanalyse {
  gemeente: GemeenteCode;
  jaar: number;
  drempel: { bedrag: Bedrag; percentage: string | null };
  doelen: DoelAnalyse[];
  programmas: ProgrammaAnalyse[];
  totaal: { kolommen: Record<Kolom, KolomVergelijking>; saldo: Bedrag };
}

/**
 * Thresholds that override the gemeente's settings for one request (`drempelBedrag`,
 * `drempelPercentage` query parameters). `drempelPercentage: null` explicitly switches the
 * percentage threshold off; `undefined` keeps the gemeente's setting.
 */
export interface DrempelOverrides {
  drempelBedrag?: Bedrag;
  drempelPercentage?: string | null;
}

interface Drempel {
  bedrag: Big;
  percentage: Big | null;
}

/**
 * The verschillenanalyse of a year: per doel and kolom begroot (na wijziging), realisatie, verschil,
 * percentage, oordeel and whether a toelichting is required and present; signals per doel; the same
 * columns summed per programma and for the gemeente.
 *
 * A toelichting is required when the verschil is not zero and |verschil| ≥ drempelBedrag, or a
 * percentage threshold is set and |percentage| (the one-decimal figure the report shows, so the
 * reader can check it) ≥ that threshold. A zero verschil never needs one, even with a zero threshold.
 */
export function verschillenanalyse(
  grootboek: Grootboek,
  gemeente: GemeenteCode,
  jaar: number,
  overrides: DrempelOverrides = {},
): Verschillenanalyse {
  const boekjaar = jaarBoek(grootboek, jaar);
  const drempel: Drempel = {
    bedrag: new Big(overrides.drempelBedrag ?? grootboek.instellingen.drempelBedrag),
    percentage: drempelPercentageVan(overrides, grootboek.instellingen.drempelPercentage),
  };

  const rijen = sorteerCodes(doelCodesVan(boekjaar)).map((code) => {
    const lagen = lagenVan(boekjaar, code);
    return { code, begroot: begrotingNaWijziging(lagen), realisatie: lagen.jaarrekening };
  });

  const doelen = rijen.map((rij) => analyseerDoel(grootboek, boekjaar, rij.code, rij.begroot, rij.realisatie, drempel));

  const perProgramma = new Map<string, { begroot: Kolommen[]; realisatie: Kolommen[] }>();
  rijen.forEach((rij, index) => {
    const programma = doelen[index].doel.programma;
    const groep = perProgramma.get(programma) ?? { begroot: [], realisatie: [] };
    groep.begroot.push(rij.begroot);
    groep.realisatie.push(rij.realisatie);
    perProgramma.set(programma, groep);
  });

  const programmas = [...perProgramma.keys()].sort(vergelijkCodes).map((programma): ProgrammaAnalyse => {
    const groep = perProgramma.get(programma) ?? { begroot: [], realisatie: [] };
    const begroot = somKolommen(groep.begroot);
    const realisatie = somKolommen(groep.realisatie);
    return {
      programma,
      ...vergelijk(begroot, realisatie),
      signalen: realisatie.lasten.gt(begroot.lasten) ? ['overschrijding'] : [],
    };
  });

  return {
    gemeente,
    jaar,
    drempel: {
      bedrag: formatBedrag(drempel.bedrag),
      percentage: drempel.percentage === null ? null : drempel.percentage.toString(),
    },
    doelen,
    programmas,
    totaal: vergelijk(somKolommen(rijen.map((rij) => rij.begroot)), somKolommen(rijen.map((rij) => rij.realisatie))),
  };
}

function drempelPercentageVan(overrides: DrempelOverrides, instelling: string | null): Big | null {
  const waarde = overrides.drempelPercentage === undefined ? instelling : overrides.drempelPercentage;
  return waarde === null ? null : new Big(waarde);
}

function vergelijk(begroot: Kolommen, realisatie: Kolommen): { kolommen: Record<Kolom, KolomVergelijking>; saldo: Bedrag } {
  const verschil = resultaat(begroot, realisatie);
  const kolommen = {} as Record<Kolom, KolomVergelijking>;
  for (const kolom of KOLOMMEN) {
    kolommen[kolom] = {
      begroot: formatBedrag(begroot[kolom]),
      realisatie: formatBedrag(realisatie[kolom]),
      verschil: formatBedrag(verschil[kolom]),
      percentage: percentage(verschil[kolom], begroot[kolom]),
      oordeel: verschil[kolom].gt(0) ? 'voordelig' : verschil[kolom].lt(0) ? 'nadelig' : 'neutraal',
    };
  }
  return { kolommen, saldo: formatBedrag(som(KOLOMMEN.map((kolom) => verschil[kolom]))) };
}

function analyseerDoel(
  grootboek: Grootboek,
  boekjaar: JaarBoek,
  code: string,
  begroot: Kolommen,
  realisatie: Kolommen,
  drempel: Drempel,
): DoelAnalyse {
  const { kolommen: vergelijking, saldo } = vergelijk(begroot, realisatie);
  const verschil = resultaat(begroot, realisatie);
  const doelbreed = boekjaar.toelichtingen[toelichtingSleutel(code)];

  const kolommen = {} as Record<Kolom, KolomAnalyse>;
  for (const kolom of KOLOMMEN) {
    const eigen = boekjaar.toelichtingen[toelichtingSleutel(code, kolom)];
    kolommen[kolom] = {
      ...vergelijking[kolom],
      toelichtingVereist: toelichtingVereist(verschil[kolom], vergelijking[kolom].percentage, drempel),
      // The newest explanation of this column; otherwise one about the doel as a whole.
      toelichting: (eigen ?? doelbreed)?.tekst ?? null,
    };
  }

  const signalen = new Set<Signaal>();
  if (realisatie.lasten.gt(begroot.lasten)) signalen.add('overschrijding');
  if (KOLOMMEN.some((kolom) => kolommen[kolom].toelichtingVereist && kolommen[kolom].toelichting === null)) {
    signalen.add('toelichtingOntbreekt');
  }
  if (kredietOverschreden(grootboek, code, boekjaar.jaar)) signalen.add('kredietoverschrijding');
  if (onttrekkingBovenBegroot(boekjaar, code, begroot, realisatie)) signalen.add('onttrekkingBovenBegroot');
  if (reservesVanDoel(boekjaar, code).some((reserve) => {
    const boek = grootboek.reserves[reserve];
    return boek !== undefined && wijktAfVanBalans(grootboek, boek, boekjaar.jaar);
  })) {
    signalen.add('verschilMetBalans');
  }

  return {
    doel: doelObject(code, boekjaar.doelen[code]),
    kolommen,
    saldo,
    signalen: SIGNAAL_VOLGORDE.filter((signaal) => signalen.has(signaal)),
  };
}

function toelichtingVereist(verschil: Big, percentageTekst: string | null, drempel: Drempel): boolean {
  if (verschil.eq(0)) return false;
  if (verschil.abs().gte(drempel.bedrag)) return true;
  return drempel.percentage !== null && percentageTekst !== null && new Big(percentageTekst).abs().gte(drempel.percentage);
}

/** A krediet of the doel whose spending up to and including the year exceeds its omvang. */
function kredietOverschreden(grootboek: Grootboek, doel: string, jaar: number): boolean {
  return Object.values(grootboek.kredieten).some((krediet) => {
    if (krediet.doel !== doel) return false;
    const { totVorigJaar, ditJaar } = bestedingenVan(grootboek, krediet.code, jaar);
    return totVorigJaar.plus(ditJaar).gt(krediet.omvang);
  });
}

/**
 * Realised withdrawals above those budgeted, for the doel as a whole or for any single reserve: a
 * withdrawal from a reserve the raad did not budget is not compensated by an underspend on another.
 */
function onttrekkingBovenBegroot(boekjaar: JaarBoek, doel: string, begroot: Kolommen, realisatie: Kolommen): boolean {
  if (realisatie.onttrekkingReserves.gt(begroot.onttrekkingReserves)) return true;
  return Object.values(boekjaar.reservemutaties).some((perDoel) => {
    const totalen = perDoel[doel];
    return totalen !== undefined && totalen.realisatie.onttrekkingen.gt(totalen.begroot.onttrekkingen);
  });
}

function reservesVanDoel(boekjaar: JaarBoek, doel: string): string[] {
  return sorteerCodes(Object.entries(boekjaar.reservemutaties).filter(([, perDoel]) => perDoel[doel] !== undefined).map(([reserve]) => reserve));
}
