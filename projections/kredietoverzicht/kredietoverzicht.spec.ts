import { foldGrootboek } from '../grootboek.fold';
import { GM, zwolle2022ToegangJeugdhulp } from '../testing/zwolle-2022.scenario';
import { kredietoverzicht } from './kredietoverzicht.fold';

describe('kredietoverzicht', () => {
  it('given the golden log, when KR-PROEFTUIN 2022 is asked, then restantkrediet is 640.011 and nothing is signalled', () => {
    const overzicht = kredietoverzicht(foldGrootboek(zwolle2022ToegangJeugdhulp().events), GM, 'KR-PROEFTUIN', 2022);

    expect(overzicht).toEqual({
      gemeente: 'GM0193',
      jaar: 2022,
      krediet: { code: 'KR-PROEFTUIN', naam: 'Proeftuin Jeugd', doel: { code: '2.3.1', naam: 'Toegang jeugdhulp', programma: '2.3' } },
      omvang: '875000.00',
      gerealiseerdTotVorigJaar: '0.00',
      bestedingenDitJaar: '234989.00',
      restantkrediet: '640011.00',
      afgesloten: false,
      signalen: [],
    });
  });

  it('given spending above a lowered omvang and a closed krediet, when asked, then kredietoverschrijding is signalled and the restant is negative', () => {
    const log = zwolle2022ToegangJeugdhulp();
    const besluit = { datum: '2022-11-10', orgaan: 'raad' as const };
    log.add({ type: 'KredietGewijzigd', data: { krediet: 'KR-PROEFTUIN', bedrag: '-675000.00', besluit } }, { datum: '2022-11-10' });
    log.add({ type: 'KredietAfgesloten', data: { krediet: 'KR-PROEFTUIN', besluit } }, { datum: '2023-07-06' });

    const overzicht = kredietoverzicht(foldGrootboek(log.events), GM, 'KR-PROEFTUIN', 2022);

    expect(overzicht).toMatchObject({ omvang: '200000.00', restantkrediet: '-34989.00', afgesloten: true, signalen: ['kredietoverschrijding'] });
  });

  it('given an unknown krediet, when asked, then null', () => {
    expect(kredietoverzicht(foldGrootboek(zwolle2022ToegangJeugdhulp().events), GM, 'KR-GEEN', 2022)).toBeNull();
  });
});
