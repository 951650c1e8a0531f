import Big from 'big.js';
import fc from 'fast-check';
import { formatBedrag } from '../../shared/money';
import type { GemeenteEvent } from '../gemeente/gemeente.events';
import { evolveGemeente, initialGemeenteState } from '../gemeente/gemeente.state';
import { realisedReserveSaldo } from '../reserve-saldo';
import { DomainError } from '../shared/domain-error';
import { tagsVan } from '../tags';
import type { BegrotingCommand } from './begroting.commands';
import { decideBegroting, saldoVanRegels } from './begroting.decide';
import type { BegrotingEvent } from './begroting.events';
import { type BegrotingState, evolveBegroting, initialBegrotingState } from './begroting.state';

const besluit = { datum: '2022-06-30', orgaan: 'raad' as const };
const gemeenteEvents: GemeenteEvent[] = [
  { type: 'GemeenteGeregistreerd', data: { gemeente: 'GM0193', naam: 'Zwolle' } },
  { type: 'ReserveIngesteld', data: { reserve: 'RES-A', naam: 'A', soort: 'bestemming', beginsaldo: '1000.00', peildatum: '2022-01-01' } },
  { type: 'ReserveIngesteld', data: { reserve: 'RES-B', naam: 'B', soort: 'algemeen', beginsaldo: '0.00', peildatum: '2022-01-01' } },
  { type: 'KredietVerleend', data: { krediet: 'KR-1', naam: 'K', doel: '2.3.1', omvang: '5000.00', besluit } },
];
const gemeente = gemeenteEvents.reduce(evolveGemeente, initialGemeenteState);
const RESERVES = ['RES-A', 'RES-B'];

// Small domains so that random commands often hit both the accepted and the refused paths.
const doel = fc.constantFrom('2.3.1', '1.1.2', '9.9');
const reserve = fc.constantFrom('RES-A', 'RES-B', 'GEEN');
const kolom = fc.constantFrom('lasten' as const, 'baten' as const, 'toevoegingReserves' as const, 'onttrekkingReserves' as const);
const bedrag = fc.integer({ min: -200000, max: 200000 }).map((centen) => formatBedrag(new Big(centen).div(100)));
const datum = fc.constantFrom('2022-03-31', '2022-12-31', '2023-01-15');
/** A line that names a reserve exactly when its column asks for one (rule 7). */
const goedeLijn = fc.record({ doel: fc.constantFrom('2.3.1', '1.1.2'), kolom, bedrag, r: fc.constantFrom('RES-A', 'RES-B') }).map(({ r, ...rest }) =>
  rest.kolom === 'toevoegingReserves' || rest.kolom === 'onttrekkingReserves' ? { ...rest, reserve: r } : rest,
);
/** Any line, also with an unknown doel or reserve or a reserve on the wrong column. */
const lijn = fc.record({ doel, kolom, bedrag, reserve: fc.option(reserve, { nil: undefined }) }).map(({ reserve: r, ...rest }) => (r === undefined ? rest : { ...rest, reserve: r }));

const base = { gemeente: 'GM0193', jaar: 2022, nu: '2022-05-17T08:00:00Z', actor: { subject: 's', rol: 'controller' } };
const legDoelenVast: BegrotingCommand = { ...base, type: 'LegDoelenVast', data: { doelen: [{ code: '2.3.1', naam: 'Jeugd', programma: '2.3' }, { code: '1.1.2', naam: 'Veerkracht', programma: '1.1' }] } };
const stelBegrotingVast: BegrotingCommand = {
  ...base,
  type: 'StelBegrotingVast',
  data: { besluit, regels: [{ doel: '2.3.1', lasten: '1000.00', baten: '0.00', toevoegingReserves: [], onttrekkingReserves: [{ reserve: 'RES-A', bedrag: '500.00' }] }] },
};

const commandArb: fc.Arbitrary<BegrotingCommand & { gecorrigeerdIndex?: number }> = fc.oneof(
  fc.constant<BegrotingCommand>({ ...base, type: 'LegDoelenVast', data: { doelen: [{ code: '2.3.1', naam: 'Jeugd', programma: '2.3' }, { code: '1.1.2', naam: 'Veerkracht', programma: '1.1' }] } }),
  fc.record({ lasten: bedrag, baten: bedrag, r: reserve, b: bedrag, d: doel }).map(({ lasten, baten, r, b, d }) => ({
    ...base,
    type: 'StelBegrotingVast' as const,
    data: { besluit, regels: [{ doel: d, lasten, baten, toevoegingReserves: [], onttrekkingReserves: [{ reserve: r, bedrag: b }] }] },
  })),
  fc.record({ d: doel, b: bedrag, r: fc.option(reserve, { nil: undefined }), datum }).map(({ d, b, r, datum: dt }) => ({
    ...base,
    type: 'BoekProjectmutatie' as const,
    data: { krediet: 'KR-1', doel: d, bedrag: b, datum: dt, ...(r ? { reserve: r } : {}) },
  })),
  fc
    .record({ kenmerk: fc.constantFrom('W1', 'W2', 'W3'), neutraal: fc.boolean(), balanceer: fc.boolean(), regels: fc.array(fc.oneof(goedeLijn, goedeLijn, lijn), { maxLength: 4 }) })
    .map(({ kenmerk, neutraal, balanceer, regels }) => {
      // Half of the amendments are made to balance, so budget-neutral ones get accepted too.
      const sluitend = balanceer ? [...regels, { doel: '2.3.1', kolom: 'lasten' as const, bedrag: formatBedrag(saldoVanRegels(regels).neg()) }] : regels;
      return {
        ...base,
        type: 'StelBegrotingswijzigingVast' as const,
        data: { kenmerk, besluit, onderdelen: [{ titel: 't', budgettairNeutraal: neutraal, aard: 'incidenteel' as const, regels: sluitend }] },
      };
    }),
  fc.record({ r: reserve, d: doel, soort: fc.constantFrom('toevoeging' as const, 'onttrekking' as const), b: bedrag, datum }).map(({ r, d, soort, b, datum: dt }) => ({
    ...base,
    type: 'BoekReservemutatie' as const,
    data: { reserve: r, doel: d, soort, bedrag: b, datum: dt },
  })),
  fc.record({ d: doel, b: bedrag, kenmerk: fc.option(fc.constantFrom('R1', 'R2'), { nil: undefined }), datum }).map(({ d, b, kenmerk, datum: dt }) => ({
    ...base,
    type: 'BoekRealisatie' as const,
    data: { datum: dt, ...(kenmerk ? { kenmerk } : {}), regels: [{ doel: d, kolom: 'lasten' as const, bedrag: b }] },
  })),
  doel.map((d) => ({ ...base, type: 'LichtVerschilToe' as const, data: { doel: d, tekst: 'uitleg' } })),
  { arbitrary: fc.constant<BegrotingCommand>({ ...base, type: 'StelJaarrekeningVast', data: { besluit: { datum: '2023-07-06', orgaan: 'raad' } } }), weight: 1 },
  fc.record({ index: fc.nat(10), regels: fc.array(fc.oneof(goedeLijn, goedeLijn, lijn), { minLength: 1, maxLength: 3 }) }).map(({ index, regels }) => ({
    ...base,
    type: 'BoekCorrectie' as const,
    data: { corrigeert: `evt-${index}`, reden: 'fout', regels },
    gecorrigeerdIndex: index,
  })),
);

type Gezien = { geaccepteerd: Map<string, number>; geweigerd: Map<string, number> };
const tel = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/** The property, counting which event types were accepted and which rules refused. */
function decidedHistories(gezien: Gezien) {
  return fc.property(fc.boolean(), fc.array(commandArb, { maxLength: 30 }), (vastgesteld, willekeurig) => {
    // Most histories start the usual way (doelen, then the adopted budget), so the bookings get exercised.
    const commands: (BegrotingCommand & { gecorrigeerdIndex?: number })[] = [legDoelenVast, ...(vastgesteld ? [stelBegrotingVast] : []), ...willekeurig];
    let state: BegrotingState = initialBegrotingState;
    const log: BegrotingEvent[] = [];
    for (const { gecorrigeerdIndex, ...command } of commands) {
      const alle = [...gemeenteEvents, ...log];
      const reservesaldi = Object.fromEntries(RESERVES.map((code) => [code, formatBedrag(realisedReserveSaldo(code, alle))]));
      const gecorrigeerd = gecorrigeerdIndex !== undefined && log[gecorrigeerdIndex] ? { eventId: `evt-${gecorrigeerdIndex}`, type: log[gecorrigeerdIndex].type } : undefined;
      let feiten;
      try {
        feiten = decideBegroting(command as BegrotingCommand, state, { gemeente, reservesaldi, gecorrigeerd });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        tel(gezien.geweigerd, error.code);
        continue;
      }
      const wasGesloten = state.status === 'gesloten';
      for (const { event, datum } of feiten) {
        expect(datum).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(tagsVan(event)).toContain('jaar:2022');
        if (wasGesloten) expect(event.type).toBe('CorrectieGeboekt');
        tel(gezien.geaccepteerd, event.type);
        log.push(event);
        state = evolveBegroting(state, event);
      }
      expect(['open', 'vastgesteld', 'gesloten']).toContain(state.status);
      for (const code of RESERVES) expect(realisedReserveSaldo(code, [...gemeenteEvents, ...log]).gte(0)).toBe(true);
    }
  });
}

describe('decided histories (property)', () => {
  it('evolve never throws, the state stays legal, a closed year only takes corrections and no reserve goes below zero', () => {
    fc.assert(decidedHistories({ geaccepteerd: new Map(), geweigerd: new Map() }), { numRuns: 300 });
  });

  it('given a fixed seed, the generators reach every accepted event type and the interesting refusals (so the property above is not vacuous)', () => {
    const gezien: Gezien = { geaccepteerd: new Map(), geweigerd: new Map() };
    // A fixed seed: whether random runs happen to close a year and then correct it is chance; this is not.
    fc.assert(decidedHistories(gezien), { numRuns: 1000, seed: 20221108 });
    for (const type of ['BegrotingVastgesteld', 'BegrotingswijzigingVastgesteld', 'ReservemutatieGeboekt', 'RealisatieGeboekt', 'JaarrekeningVastgesteld', 'CorrectieGeboekt']) {
      expect(gezien.geaccepteerd.get(type) ?? 0).toBeGreaterThan(0);
    }
    for (const code of ['RESERVE.SALDO_NEGATIEF', 'BEGROTING.NIET_BUDGETNEUTRAAL', 'BEGROTING.JAAR_GESLOTEN', 'BEGROTING.KENMERK_DUBBEL']) {
      expect(gezien.geweigerd.get(code) ?? 0).toBeGreaterThan(0);
    }
  });
});
