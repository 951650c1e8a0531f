import { formatBedrag, som, type Bedrag } from '../../src/shared/money';
import type { Doel, GemeenteCode } from '../../src/domain/shared/begrippen';
import type { Tot } from '../as-of';
import {
  begrotingNaWijziging,
  bestedingenVan,
  jaarBoek,
  lagenVan,
  resultaat,
  type Grootboek,
} from '../grootboek.fold';
import { doelObject, vergelijkCodes } from '../shared/codes';
import { kolommenJson, type KolommenJson } from '../shared/format';

export interface DoeloverzichtKrediet {
  code: string;
  naam: string;
  omvang: Bedrag;
  gerealiseerdTotVorigJaar: Bedrag;
  bestedingenDitJaar: Bedrag;
  restantkrediet: Bedrag;
}

/** The `overzicht` answer of API.md: the golden table for one doel, plus its kredieten. */
export interface Doeloverzicht {
  gemeente: GemeenteCode;
  jaar: number;
  doel: Doel;
  tot: Tot;
  lagen: {
    vastgesteldeBegroting: KolommenJson;
    mutatiesProjecten: KolommenJson;
    begrotingswijzigingen: KolommenJson;
    begrotingNaWijziging: KolommenJson;
    jaarrekening: KolommenJson;
    resultaat: KolommenJson;
  };
  saldo: Bedrag;
  kredieten: DoeloverzichtKrediet[];
}

/**
 * The budget walk of one doel in one year. Null when the doel is neither defined for that year nor
 * booked on (the HTTP layer answers 404); a defined doel without bookings shows zeros.
 */
export function doeloverzicht(grootboek: Grootboek, gemeente: GemeenteCode, jaar: number, doelCode: string, tot: Tot): Doeloverzicht | null {
  const boekjaar = jaarBoek(grootboek, jaar);
  const definitie = boekjaar.doelen[doelCode];
  if (!definitie && !boekjaar.boekingen[doelCode]) return null;

  const lagen = lagenVan(boekjaar, doelCode);
  const naWijziging = begrotingNaWijziging(lagen);
  const verschil = resultaat(naWijziging, lagen.jaarrekening);

  return {
    gemeente,
    jaar,
    doel: doelObject(doelCode, definitie),
    tot,
    lagen: {
      vastgesteldeBegroting: kolommenJson(lagen.vastgesteldeBegroting),
      mutatiesProjecten: kolommenJson(lagen.mutatiesProjecten),
      begrotingswijzigingen: kolommenJson(lagen.begrotingswijzigingen),
      begrotingNaWijziging: kolommenJson(naWijziging),
      jaarrekening: kolommenJson(lagen.jaarrekening),
      resultaat: kolommenJson(verschil),
    },
    saldo: formatBedrag(som(Object.values(verschil))),
    kredieten: kredietenVanDoel(grootboek, doelCode, jaar),
  };
}

/** Every krediet granted on the doel, by code, with its spending up to and in the year. */
export function kredietenVanDoel(grootboek: Grootboek, doelCode: string, jaar: number): DoeloverzichtKrediet[] {
  return Object.values(grootboek.kredieten)
    .filter((krediet) => krediet.doel === doelCode)
    .sort((a, b) => vergelijkCodes(a.code, b.code))
    .map((krediet) => {
      const { totVorigJaar, ditJaar } = bestedingenVan(grootboek, krediet.code, jaar);
      return {
        code: krediet.code,
        naam: krediet.naam,
        omvang: formatBedrag(krediet.omvang),
        gerealiseerdTotVorigJaar: formatBedrag(totVorigJaar),
        bestedingenDitJaar: formatBedrag(ditJaar),
        restantkrediet: formatBedrag(krediet.omvang.minus(totVorigJaar).minus(ditJaar)),
      };
    });
}
