import { filterAsOf, totVan, type AsOf } from '../as-of';
import { foldGrootboek } from '../grootboek.fold';
import type { RecordedEvent } from '../../src/domain/shared/recorded-event';
import { given } from '../testing/recorded-events.builder';
import { GM, lichtToeEnSluit, zwolle2022ToegangJeugdhulp } from '../testing/zwolle-2022.scenario';
import { doeloverzicht } from './doeloverzicht.fold';

function whenOverzicht(events: RecordedEvent[], jaar: number, doel: string, asOf: AsOf = {}) {
  const grootboek = foldGrootboek(filterAsOf(events, asOf));
  return doeloverzicht(grootboek, GM, jaar, doel, totVan(grootboek.positie, asOf));
}

describe('doeloverzicht', () => {
  it('given the golden seed 004 log, when the overzicht of 2.3.1 is asked, then it is the published table to the cent', () => {
    const overzicht = whenOverzicht(zwolle2022ToegangJeugdhulp().events, 2022, '2.3.1');

    expect(overzicht).toEqual({
      gemeente: 'GM0193',
      jaar: 2022,
      doel: { code: '2.3.1', naam: 'Toegang jeugdhulp', programma: '2.3' },
      tot: { positie: 12, peildatum: null, bekendOp: null },
      lagen: {
        vastgesteldeBegroting: { lasten: '2852268.00', baten: '0.00', toevoegingReserves: '0.00', onttrekkingReserves: '0.00' },
        mutatiesProjecten: { lasten: '234989.00', baten: '0.00', toevoegingReserves: '0.00', onttrekkingReserves: '234989.00' },
        begrotingswijzigingen: { lasten: '-891676.00', baten: '0.00', toevoegingReserves: '0.00', onttrekkingReserves: '292500.00' },
        begrotingNaWijziging: { lasten: '2195581.00', baten: '0.00', toevoegingReserves: '0.00', onttrekkingReserves: '527489.00' },
        jaarrekening: { lasten: '1961775.00', baten: '0.00', toevoegingReserves: '0.00', onttrekkingReserves: '339796.00' },
        resultaat: { lasten: '233806.00', baten: '0.00', toevoegingReserves: '0.00', onttrekkingReserves: '-187693.00' },
      },
      saldo: '46113.00',
      kredieten: [
        {
          code: 'KR-PROEFTUIN',
          naam: 'Proeftuin Jeugd',
          omvang: '875000.00',
          gerealiseerdTotVorigJaar: '0.00',
          bestedingenDitJaar: '234989.00',
          restantkrediet: '640011.00',
        },
      ],
    });
  });

  it('given the golden log, when asked as of peildatum 2022-08-01, then only the adopted budget and the Voorjaarsnota count (fixture "zomer")', () => {
    const overzicht = whenOverzicht(zwolle2022ToegangJeugdhulp().events, 2022, '2.3.1', { peildatum: '2022-08-01' });

    expect(overzicht?.tot).toEqual({ positie: 7, peildatum: '2022-08-01', bekendOp: null });
    expect(overzicht?.doel.naam).toBe('Toegang jeugdhulp');
    expect(overzicht?.lagen.vastgesteldeBegroting).toMatchObject({ lasten: '2852268.00', onttrekkingReserves: '0.00' });
    expect(overzicht?.lagen.mutatiesProjecten.lasten).toBe('0.00');
    expect(overzicht?.lagen.begrotingswijzigingen).toMatchObject({ lasten: '292500.00', onttrekkingReserves: '292500.00' });
    expect(overzicht?.lagen.begrotingNaWijziging).toMatchObject({ lasten: '3144768.00', onttrekkingReserves: '292500.00' });
    expect(overzicht?.lagen.jaarrekening.lasten).toBe('0.00');
    expect(overzicht?.kredieten[0]).toMatchObject({ bestedingenDitJaar: '0.00', restantkrediet: '875000.00' });
  });

  it('given the closed year, when asked again, then explanations and closing change no amount', () => {
    const overzicht = whenOverzicht(lichtToeEnSluit(zwolle2022ToegangJeugdhulp()).events, 2022, '2.3.1');

    expect(overzicht?.saldo).toBe('46113.00');
    expect(overzicht?.lagen.jaarrekening.lasten).toBe('1961775.00');
    expect(overzicht?.tot.positie).toBe(15);
  });

  it('given spending in an earlier year, when the next year is asked, then it is gerealiseerd tot vorig jaar', () => {
    const log = zwolle2022ToegangJeugdhulp();
    log.add({ type: 'DoelenVastgelegd', data: { jaar: 2023, doelen: [{ code: '2.3.1', naam: 'Toegang jeugdhulp', programma: '2.3' }] } }, { datum: '2026-11-22' });
    log.add({ type: 'ProjectmutatieGeboekt', data: { jaar: 2023, krediet: 'KR-PROEFTUIN', doel: '2.3.1', bedrag: '100000.00' } }, { datum: '2023-06-30' });

    const overzicht = whenOverzicht(log.events, 2023, '2.3.1');

    expect(overzicht?.kredieten).toEqual([
      { code: 'KR-PROEFTUIN', naam: 'Proeftuin Jeugd', omvang: '875000.00', gerealiseerdTotVorigJaar: '234989.00', bestedingenDitJaar: '100000.00', restantkrediet: '540011.00' },
    ]);
    expect(overzicht?.lagen.mutatiesProjecten).toEqual({ lasten: '100000.00', baten: '0.00', toevoegingReserves: '0.00', onttrekkingReserves: '0.00' });
  });

  it('given a defined doel without bookings, when asked, then it shows zeros; given an unknown doel, then null', () => {
    const log = given(GM);
    log.add({ type: 'DoelenVastgelegd', data: { jaar: 2022, doelen: [{ code: '3.3.1', naam: 'Doel 3.3.1', programma: '3.3' }] } }, { datum: '2026-11-22' });

    const leeg = whenOverzicht(log.events, 2022, '3.3.1');

    expect(leeg?.saldo).toBe('0.00');
    expect(leeg?.lagen.resultaat).toEqual({ lasten: '0.00', baten: '0.00', toevoegingReserves: '0.00', onttrekkingReserves: '0.00' });
    expect(leeg?.kredieten).toEqual([]);
    expect(whenOverzicht(log.events, 2022, '9.9')).toBeNull();
    expect(whenOverzicht(log.events, 2023, '3.3.1')).toBeNull();
  });
});
