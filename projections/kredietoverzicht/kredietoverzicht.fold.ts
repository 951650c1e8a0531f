import { formatBedrag, type Bedrag } from '../../src/shared/money';
import type { Doel, GemeenteCode } from '../../src/domain/shared/begrippen';
import { bestedingenVan, jaarBoek, type Grootboek } from '../grootboek.fold';
import { doelObject } from '../shared/codes';

export type KredietSignaal = 'kredietoverschrijding';

/** The `kredietoverzicht` answer: one krediet in one year. */
export interface Kredietoverzicht {
  gemeente: GemeenteCode;
  jaar: number;
  krediet: { code: string; naam: string; doel: Doel };
  omvang: Bedrag;
  gerealiseerdTotVorigJaar: Bedrag;
  bestedingenDitJaar: Bedrag;
  restantkrediet: Bedrag;
  afgesloten: boolean;
  signalen: KredietSignaal[];
}

/**
 * Omvang (including every KredietGewijzigd), spending up to last year and in the year, and what
 * remains. Spending above the omvang is signalled, never hidden: a negative restantkrediet is shown
 * as such. Null when the krediet is unknown (the HTTP layer answers 404).
 */
export function kredietoverzicht(grootboek: Grootboek, gemeente: GemeenteCode, kredietCode: string, jaar: number): Kredietoverzicht | null {
  const krediet = grootboek.kredieten[kredietCode];
  if (!krediet) return null;
  const { totVorigJaar, ditJaar } = bestedingenVan(grootboek, kredietCode, jaar);
  const besteed = totVorigJaar.plus(ditJaar);
  return {
    gemeente,
    jaar,
    krediet: { code: krediet.code, naam: krediet.naam, doel: doelObject(krediet.doel, jaarBoek(grootboek, jaar).doelen[krediet.doel]) },
    omvang: formatBedrag(krediet.omvang),
    gerealiseerdTotVorigJaar: formatBedrag(totVorigJaar),
    bestedingenDitJaar: formatBedrag(ditJaar),
    restantkrediet: formatBedrag(krediet.omvang.minus(besteed)),
    afgesloten: krediet.afgesloten,
    signalen: besteed.gt(krediet.omvang) ? ['kredietoverschrijding'] : [],
  };
}
