import type { BegrotingEvent } from './begroting/begroting.events';
import type { GemeenteEvent } from './gemeente/gemeente.events';
import { realisedReserveSaldo } from './reserve-saldo';

const besluit = { datum: '2022-07-07', orgaan: 'raad' as const };
const ingesteld = (reserve: string, beginsaldo: string): GemeenteEvent => ({
  type: 'ReserveIngesteld',
  data: { reserve, naam: reserve, soort: 'bestemming', beginsaldo, peildatum: '2022-01-01' },
});
const mutatie = (reserve: string, soort: 'toevoeging' | 'onttrekking', bedrag: string, jaar = 2022): BegrotingEvent => ({
  type: 'ReservemutatieGeboekt',
  data: { jaar, reserve, doel: '2.3.1', soort, bedrag },
});
const correctie = (laag: 'jaarrekening' | 'begrotingswijzigingen', kolom: 'toevoegingReserves' | 'onttrekkingReserves', bedrag: string, reserve = 'RES-HERSTEL'): BegrotingEvent => ({
  type: 'CorrectieGeboekt',
  data: { jaar: 2022, corrigeert: 'e', laag, reden: 'r', regels: [{ doel: '2.3.1', kolom, bedrag, reserve }] },
});

describe('realisedReserveSaldo', () => {
  it('is zero for a reserve without events', () => {
    expect(realisedReserveSaldo('RES-HERSTEL', []).toFixed(2)).toBe('0.00');
  });

  it('starts at the beginsaldo and follows realised withdrawals and additions across years (seed 004)', () => {
    const events = [ingesteld('RES-HERSTEL', '1500000.00'), mutatie('RES-HERSTEL', 'onttrekking', '104807.00'), mutatie('RES-HERSTEL', 'toevoeging', '0.50', 2023)];
    expect(realisedReserveSaldo('RES-HERSTEL', events).toFixed(2)).toBe('1395193.50');
  });

  it('ignores other reserves and budgeted amounts (plans move no money)', () => {
    const events: (GemeenteEvent | BegrotingEvent)[] = [
      ingesteld('RES-HERSTEL', '100.00'),
      ingesteld('RES-PROJ', '999.00'),
      mutatie('RES-PROJ', 'onttrekking', '50.00'),
      {
        type: 'BegrotingVastgesteld',
        data: { jaar: 2022, besluit, regels: [{ doel: '2.3.1', lasten: '0.00', baten: '0.00', toevoegingReserves: [], onttrekkingReserves: [{ reserve: 'RES-HERSTEL', bedrag: '80.00' }] }] },
      },
      {
        type: 'BegrotingswijzigingVastgesteld',
        data: {
          jaar: 2022,
          kenmerk: 'V',
          besluit,
          onderdelen: [{ titel: 't', budgettairNeutraal: false, aard: 'incidenteel', regels: [{ doel: '2.3.1', kolom: 'onttrekkingReserves', bedrag: '30.00', reserve: 'RES-HERSTEL' }] }],
        },
      },
      { type: 'ProjectmutatieGeboekt', data: { jaar: 2022, krediet: 'K', doel: '2.3.1', bedrag: '20.00', reserve: 'RES-HERSTEL' } },
      correctie('begrotingswijzigingen', 'onttrekkingReserves', '10.00'),
    ];
    expect(realisedReserveSaldo('RES-HERSTEL', events).toFixed(2)).toBe('100.00');
    expect(realisedReserveSaldo('RES-PROJ', events).toFixed(2)).toBe('949.00');
  });

  it('counts corrections of the jaarrekening on reserve columns, signed', () => {
    const events = [
      ingesteld('RES-HERSTEL', '100.00'),
      correctie('jaarrekening', 'onttrekkingReserves', '30.00'),
      correctie('jaarrekening', 'onttrekkingReserves', '-5.00'),
      correctie('jaarrekening', 'toevoegingReserves', '-10.00'),
      correctie('jaarrekening', 'toevoegingReserves', '1.25'),
      correctie('jaarrekening', 'onttrekkingReserves', '40.00', 'RES-PROJ'),
    ];
    expect(realisedReserveSaldo('RES-HERSTEL', events).toFixed(2)).toBe('66.25');
  });

  it('does not depend on the order of the events', () => {
    const events = [mutatie('AR', 'onttrekking', '80000.00'), ingesteld('AR', '100000.00')];
    expect(realisedReserveSaldo('AR', events).toFixed(2)).toBe('20000.00');
  });

  it('given a reserve with its beginsaldo at 1 January 2022, when a mutation was booked on 2021, then it is not counted again (the beginsaldo holds it), as in the reservestaat', () => {
    const events = [ingesteld('RES-HERSTEL', '1000.00'), mutatie('RES-HERSTEL', 'onttrekking', '300.00', 2021), mutatie('RES-HERSTEL', 'onttrekking', '100.00', 2022)];

    expect(realisedReserveSaldo('RES-HERSTEL', events).toFixed(2)).toBe('900.00');
  });

  it('given a balance continued from a cached position, when the start year is passed, then the later events of earlier years still do not count', () => {
    const later = [mutatie('RES-HERSTEL', 'onttrekking', '300.00', 2021), mutatie('RES-HERSTEL', 'toevoeging', '50.00', 2023)];

    expect(realisedReserveSaldo('RES-HERSTEL', later, 2022).toFixed(2)).toBe('50.00');
    expect(realisedReserveSaldo('RES-HERSTEL', later).toFixed(2)).toBe('-250.00');
  });
});
