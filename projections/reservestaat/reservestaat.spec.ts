import { foldGrootboek } from '../grootboek.fold';
import { given } from '../testing/recorded-events.builder';
import { GM, zwolle2022ToegangJeugdhulp } from '../testing/zwolle-2022.scenario';
import { reservestaat } from './reservestaat.fold';

describe('reservestaat', () => {
  it('given the golden log, when the staat of RES-HERSTEL 2022 is asked, then 1.500.000 − 104.807 = 1.395.193 with the budgeted 292.500 beside it', () => {
    const staat = reservestaat(foldGrootboek(zwolle2022ToegangJeugdhulp().events), GM, 'RES-HERSTEL', 2022);

    expect(staat).toEqual({
      gemeente: 'GM0193',
      jaar: 2022,
      reserve: { code: 'RES-HERSTEL', naam: 'Reserve sociaal herstelplan', soort: 'bestemming' },
      saldoBegin: '1500000.00',
      toevoegingen: { begroot: '0.00', realisatie: '0.00' },
      onttrekkingen: { begroot: '292500.00', realisatie: '104807.00' },
      saldoEind: '1395193.00',
      perDoel: [
        {
          doel: { code: '2.3.1', naam: 'Toegang jeugdhulp', programma: '2.3' },
          toevoegingen: { begroot: '0.00', realisatie: '0.00' },
          onttrekkingen: { begroot: '292500.00', realisatie: '104807.00' },
        },
      ],
      saldoVolgensBalans: null,
      verschilMetBalans: null,
    });
  });

  it('given the golden log, when the staat of RES-PROJ is asked, then the project mutation is its budget', () => {
    const staat = reservestaat(foldGrootboek(zwolle2022ToegangJeugdhulp().events), GM, 'RES-PROJ', 2022);

    expect(staat).toMatchObject({ saldoBegin: '1000000.00', onttrekkingen: { begroot: '234989.00', realisatie: '234989.00' }, saldoEind: '765011.00' });
  });

  it('given a stated balance-sheet figure, when the staat is asked, then verschilMetBalans = saldoVolgensBalans − saldoEind (Neder-Betuwe fixture)', () => {
    const log = given('GM1740');
    log.add({ type: 'ReserveIngesteld', data: { reserve: 'AR', naam: 'Algemene reserve', soort: 'algemeen', beginsaldo: '100000.00', peildatum: '2024-01-01' } }, { datum: '2026-11-22' });
    log.add({ type: 'DoelenVastgelegd', data: { jaar: 2024, doelen: [{ code: '5.1', naam: 'Zelfredzaam', programma: '5' }] } }, { datum: '2026-11-22' });
    log.add(
      {
        type: 'BegrotingVastgesteld',
        data: {
          jaar: 2024,
          besluit: { datum: '2023-11-09', orgaan: 'raad', kenmerk: 'Begroting 2024' },
          regels: [{ doel: '5.1', lasten: '2500000.00', baten: '300000.00', toevoegingReserves: [], onttrekkingReserves: [{ reserve: 'AR', bedrag: '80000.00' }] }],
        },
      },
      { datum: '2023-11-09' },
    );
    log.add({ type: 'ReservemutatieGeboekt', data: { jaar: 2024, reserve: 'AR', doel: '5.1', soort: 'onttrekking', bedrag: '80000.00' } }, { datum: '2024-12-31' });
    log.add({ type: 'ReservesaldoVolgensBalansVastgelegd', data: { reserve: 'AR', datum: '2024-06-30', saldo: '99999.00' } }, { datum: '2024-06-30' });
    log.add({ type: 'ReservesaldoVolgensBalansVastgelegd', data: { reserve: 'AR', datum: '2024-12-31', saldo: '25000.00' } }, { datum: '2024-12-31' });
    log.add({ type: 'ReservesaldoVolgensBalansVastgelegd', data: { reserve: 'AR', datum: '2025-12-31', saldo: '1.00' } }, { datum: '2025-12-31' });

    const staat = reservestaat(foldGrootboek(log.events), 'GM1740', 'AR', 2024);

    expect(staat).toMatchObject({
      saldoBegin: '100000.00',
      onttrekkingen: { begroot: '80000.00', realisatie: '80000.00' },
      saldoEind: '20000.00',
      saldoVolgensBalans: '25000.00',
      verschilMetBalans: '5000.00',
    });
  });

  it('given an unknown reserve, when asked, then null', () => {
    expect(reservestaat(foldGrootboek(zwolle2022ToegangJeugdhulp().events), GM, 'GEEN', 2022)).toBeNull();
  });

  it('given several doelen on one reserve, when asked, then perDoel is in natural code order', () => {
    const log = given(GM);
    log.add({ type: 'ReserveIngesteld', data: { reserve: 'AR', naam: 'Algemene reserve', soort: 'algemeen', beginsaldo: '0.00', peildatum: '2022-01-01' } }, { datum: '2026-11-22' });
    for (const doel of ['10.1.1', '2.3.1']) {
      log.add({ type: 'ReservemutatieGeboekt', data: { jaar: 2022, reserve: 'AR', doel, soort: 'toevoeging', bedrag: '10.00' } }, { datum: '2022-12-31' });
    }

    const staat = reservestaat(foldGrootboek(log.events), GM, 'AR', 2022);

    expect(staat?.perDoel.map((regel) => regel.doel.code)).toEqual(['2.3.1', '10.1.1']);
    expect(staat?.saldoEind).toBe('20.00');
  });
});
