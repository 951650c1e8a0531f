import Big from 'big.js';
import fc from 'fast-check';
import type { Besluit, Datum, Kolom } from '../../src/domain/shared/begrippen';
import { formatBedrag } from '../../src/shared/money';
import type { RecordedEvent } from '../../src/domain/shared/recorded-event';
import type { LedgerEvent } from '../grootboek.fold';
import { given } from './recorded-events.builder';

/**
 * Random event histories of one gemeente for property tests of the projections: every event type,
 * two budget years, signed amounts with cents, corrections of earlier events, late registrations.
 * Histories are valid in the sense the folds rely on (the doelen, reserves and kredieten named exist);
 * the deciders' stricter rules are tested in src/domain.
 */

export const JAREN = [2022, 2023] as const;
export const DOELEN = ['2.3.1', '2.3.2', '10.1.1'] as const;
export const RESERVES = ['RES-A', 'RES-B'] as const;
export const KREDIETEN = ['KR-1', 'KR-2'] as const;

/** An event to append; `corrigeertIndex` points at an earlier event whose id the test fills in. */
export interface GeplandEvent {
  event: LedgerEvent;
  datum: Datum;
  corrigeertIndex?: number;
}

const besluit: Besluit = { datum: '2022-01-10', orgaan: 'raad', kenmerk: 'B-1' };
const bedrag = fc.integer({ min: -5_000_000, max: 5_000_000 }).map((centen) => formatBedrag(new Big(centen).div(100)));
const positief = fc.integer({ min: 0, max: 5_000_000 }).map((centen) => formatBedrag(new Big(centen).div(100)));
const jaar = fc.constantFrom(...JAREN);
const doel = fc.constantFrom(...DOELEN);
const reserve = fc.constantFrom(...RESERVES);
const krediet = fc.constantFrom(...KREDIETEN);
const maand = fc.integer({ min: 1, max: 12 }).map((m) => String(m).padStart(2, '0'));
const datumIn = (j: number) => maand.map((m) => `${j}-${m}-15`);
const kolom = fc.constantFrom<Kolom>('lasten', 'baten', 'toevoegingReserves', 'onttrekkingReserves');
const isReserveKolom = (k: Kolom) => k === 'toevoegingReserves' || k === 'onttrekkingReserves';
const regel = fc.record({ doel, kolom, bedrag, reserve }).map(({ reserve: r, ...rest }) => (isReserveKolom(rest.kolom) ? { ...rest, reserve: r } : rest));

const begrotingsEvent: fc.Arbitrary<(index: number) => GeplandEvent> = fc.oneof(
  fc.record({ j: jaar, d: doel, naam: fc.constantFrom('Toegang', 'Jeugd', 'Ondersteuning') }).map(({ j, d, naam }) => (): GeplandEvent => ({
    event: { type: 'DoelenVastgelegd', data: { jaar: j, doelen: [{ code: d, naam, programma: d.slice(0, d.lastIndexOf('.')) }] } },
    datum: `${j - 1}-11-01`,
  })),
  fc.record({ j: jaar, regels: fc.array(fc.record({ doel, lasten: positief, baten: positief, r: reserve, t: positief, o: positief }), { minLength: 1, maxLength: 3 }) }).map(({ j, regels }) => (): GeplandEvent => ({
    event: {
      type: 'BegrotingVastgesteld',
      data: {
        jaar: j,
        besluit,
        regels: regels.map(({ doel: d, lasten, baten, r, t, o }) => ({ doel: d, lasten, baten, toevoegingReserves: [{ reserve: r, bedrag: t }], onttrekkingReserves: [{ reserve: r, bedrag: o }] })),
      },
    },
    datum: `${j - 1}-11-08`,
  })),
  fc.record({ j: jaar, k: krediet, d: doel, b: bedrag, r: fc.option(reserve, { nil: undefined }) }).chain(({ j, k, d, b, r }) =>
    datumIn(j).map((datum) => (): GeplandEvent => ({ event: { type: 'ProjectmutatieGeboekt', data: { jaar: j, krediet: k, doel: d, bedrag: b, ...(r ? { reserve: r } : {}) } }, datum })),
  ),
  fc.record({ j: jaar, kenmerk: fc.string({ minLength: 1, maxLength: 6 }), aard: fc.constantFrom('incidenteel' as const, 'structureel' as const), regels: fc.array(regel, { minLength: 1, maxLength: 4 }) }).chain(
    ({ j, kenmerk, aard, regels }) =>
      datumIn(j).map((datum) => (): GeplandEvent => ({
        event: { type: 'BegrotingswijzigingVastgesteld', data: { jaar: j, kenmerk, besluit: { datum, orgaan: 'raad' }, onderdelen: [{ titel: `Wijziging ${kenmerk}`, budgettairNeutraal: false, aard, regels }] } },
        datum,
      })),
  ),
  fc.record({ j: jaar, r: reserve, d: doel, soort: fc.constantFrom('toevoeging' as const, 'onttrekking' as const), b: positief }).chain(({ j, r, d, soort, b }) =>
    datumIn(j).map((datum) => (): GeplandEvent => ({ event: { type: 'ReservemutatieGeboekt', data: { jaar: j, reserve: r, doel: d, soort, bedrag: b } }, datum })),
  ),
  fc.record({ j: jaar, regels: fc.array(fc.record({ doel, kolom: fc.constantFrom('lasten' as const, 'baten' as const), bedrag }), { minLength: 1, maxLength: 3 }) }).chain(({ j, regels }) =>
    datumIn(j).map((datum) => (): GeplandEvent => ({ event: { type: 'RealisatieGeboekt', data: { jaar: j, regels } }, datum })),
  ),
  fc.record({ j: jaar, d: doel, k: fc.option(kolom, { nil: undefined }), tekst: fc.string({ minLength: 1, maxLength: 20 }) }).map(({ j, d, k, tekst }) => (): GeplandEvent => ({
    event: { type: 'VerschilToegelicht', data: { jaar: j, doel: d, ...(k ? { kolom: k } : {}), tekst } },
    datum: `${j + 1}-03-01`,
  })),
  jaar.map((j) => (): GeplandEvent => ({ event: { type: 'JaarrekeningVastgesteld', data: { jaar: j, besluit: { datum: `${j + 1}-07-06`, orgaan: 'raad' } } }, datum: `${j + 1}-07-06` })),
  fc
    .record({ j: jaar, laag: fc.constantFrom('mutatiesProjecten' as const, 'jaarrekening' as const, 'begrotingswijzigingen' as const), regels: fc.array(regel, { minLength: 1, maxLength: 2 }), wie: fc.nat() })
    .map(({ j, laag, regels, wie }) => (index: number): GeplandEvent => ({
      event: { type: 'CorrectieGeboekt', data: { jaar: j, corrigeert: '', laag, reden: 'correctie', regels } },
      datum: `${j + 1}-09-01`,
      corrigeertIndex: wie % Math.max(index, 1),
    })),
);

const registratieEvent: fc.Arbitrary<(index: number) => GeplandEvent> = fc.oneof(
  fc.record({ b: positief, p: fc.option(fc.constantFrom('5', '7.5', '10'), { nil: null }) }).map(({ b, p }) => (): GeplandEvent => ({
    event: { type: 'InstellingenGewijzigd', data: { drempelBedrag: b, drempelPercentage: p } },
    datum: '2022-02-01',
  })),
  fc.record({ r: reserve, j: jaar, s: bedrag }).map(({ r, j, s }) => (): GeplandEvent => ({
    event: { type: 'ReservesaldoVolgensBalansVastgelegd', data: { reserve: r, datum: `${j}-12-31`, saldo: s } },
    datum: `${j}-12-31`,
  })),
  fc.record({ k: krediet, b: bedrag }).map(({ k, b }) => (): GeplandEvent => ({ event: { type: 'KredietGewijzigd', data: { krediet: k, bedrag: b, besluit } }, datum: '2022-06-01' })),
  krediet.map((k) => (): GeplandEvent => ({ event: { type: 'KredietAfgesloten', data: { krediet: k, besluit } }, datum: '2023-12-01' })),
  reserve.map((r) => (): GeplandEvent => ({ event: { type: 'ReserveOpgeheven', data: { reserve: r, besluit } }, datum: '2023-12-31' })),
);

/** The registrations every history starts with, so the names exist; then 1–`maxEvents` random events. */
export function ledgerHistorie(gemeente: string, maxEvents = 40): fc.Arbitrary<GeplandEvent[]> {
  const start: GeplandEvent[] = [
    { event: { type: 'GemeenteGeregistreerd', data: { gemeente, naam: 'Proefgemeente' } }, datum: '2021-01-01' },
    { event: { type: 'ReserveIngesteld', data: { reserve: 'RES-A', naam: 'Algemene reserve', soort: 'algemeen', beginsaldo: '1000000.00', peildatum: '2022-01-01' } }, datum: '2022-01-01' },
    { event: { type: 'ReserveIngesteld', data: { reserve: 'RES-B', naam: 'Reserve herstel', soort: 'bestemming', beginsaldo: '250000.50', peildatum: '2023-01-01' } }, datum: '2023-01-01' },
    { event: { type: 'KredietVerleend', data: { krediet: 'KR-1', naam: 'Proeftuin', doel: '2.3.1', omvang: '875000.00', besluit } }, datum: '2021-11-08' },
    { event: { type: 'KredietVerleend', data: { krediet: 'KR-2', naam: 'Sporthal', doel: '10.1.1', omvang: '1200000.00', besluit } }, datum: '2022-03-01' },
  ];
  return fc.array(fc.oneof({ arbitrary: begrotingsEvent, weight: 5 }, { arbitrary: registratieEvent, weight: 1 }), { minLength: 1, maxLength: maxEvents }).map((maakEvents) => [
    ...start,
    ...maakEvents.map((maak, index) => maak(start.length + index)),
  ]);
}

/** The planned events as the store would record them, corrections pointing at the earlier event's id. */
export function alsLog(gepland: readonly GeplandEvent[], gemeente = 'GM0000'): RecordedEvent[] {
  const log = given(gemeente);
  const ids: string[] = [];
  for (const { event, datum, corrigeertIndex } of gepland) {
    const data = corrigeertIndex === undefined ? event.data : { ...event.data, corrigeert: ids[corrigeertIndex] };
    ids.push(log.add({ ...event, data } as LedgerEvent, { datum }).eventId);
  }
  return log.events;
}
