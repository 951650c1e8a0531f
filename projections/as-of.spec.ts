import { filterAsOf, totVan } from './as-of';
import { given } from './testing/recorded-events.builder';
import { zwolle2022ToegangJeugdhulp } from './testing/zwolle-2022.scenario';

describe('filterAsOf', () => {
  it('given the golden log, when asked as of positie 6, then only events up to positie 6 remain', () => {
    const events = zwolle2022ToegangJeugdhulp().events;

    const zichtbaar = filterAsOf(events, { positie: 6 });

    expect(zichtbaar.map((event) => event.positie)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('given events recorded over time, when asked bekendOp an instant, then later records are hidden (instants compared, not strings)', () => {
    const log = given('GM0193', '2022-08-01T10:00:00.000Z');
    log.add({ type: 'GemeenteGeregistreerd', data: { gemeente: 'GM0193', naam: 'Zwolle' } }, { datum: '2022-08-01' });
    log.add({ type: 'InstellingenGewijzigd', data: { drempelBedrag: '5.00', drempelPercentage: null } }, { datum: '2022-08-01', recordedAt: '2022-08-01T14:00:00.000Z' });

    // 12:00 at +02:00 is 10:00 UTC: the first event (10:00 UTC) is known, the second (14:00 UTC) not.
    expect(filterAsOf(log.events, { bekendOp: '2022-08-01T12:00:00+02:00' }).map((e) => e.positie)).toEqual([1]);
    // A bare date means the whole day.
    expect(filterAsOf(log.events, { bekendOp: '2022-08-01' }).map((e) => e.positie)).toEqual([1, 2]);
  });

  it('given registration facts typed in today for 2022, when asked as of peildatum 2022-08-01, then they stay visible and later bookings do not', () => {
    const events = zwolle2022ToegangJeugdhulp().events;

    const types = filterAsOf(events, { peildatum: '2022-08-01' }).map((event) => event.type);

    expect(types).toEqual([
      'GemeenteGeregistreerd',
      'DoelenVastgelegd',
      'ReserveIngesteld',
      'ReserveIngesteld',
      'KredietVerleend',
      'BegrotingVastgesteld',
      'BegrotingswijzigingVastgesteld',
    ]);
  });

  it('given a reserve whose peildatum lies after the asked peildatum, when filtered, then it stays defined with beginsaldo 0.00 and the input is unchanged', () => {
    const log = given('GM1740');
    const ingesteld = log.add(
      { type: 'ReserveIngesteld', data: { reserve: 'AR', naam: 'Algemene reserve', soort: 'algemeen', beginsaldo: '100000.00', peildatum: '2024-01-01' } },
      { datum: '2026-11-22' },
    );

    const [voor] = filterAsOf(log.events, { peildatum: '2023-12-31' });
    const [op] = filterAsOf(log.events, { peildatum: '2024-01-01' });

    expect((voor.data as { beginsaldo: string }).beginsaldo).toBe('0.00');
    expect((op.data as { beginsaldo: string }).beginsaldo).toBe('100000.00');
    expect((ingesteld.data as { beginsaldo: string }).beginsaldo).toBe('100000.00');
  });

  it('given thresholds changed after the peildatum, when filtered, then the change is hidden (settings are dated facts)', () => {
    const log = given('GM0193');
    log.add({ type: 'InstellingenGewijzigd', data: { drempelBedrag: '5.00', drempelPercentage: null } }, { datum: '2023-01-01' });

    expect(filterAsOf(log.events, { peildatum: '2022-12-31' })).toEqual([]);
  });

  it('given several criteria, when filtered, then an event must pass all of them', () => {
    const events = zwolle2022ToegangJeugdhulp().events;

    const zichtbaar = filterAsOf(events, { peildatum: '2022-12-31', positie: 9 });

    expect(zichtbaar.map((event) => event.positie)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('given a malformed peildatum or bekendOp, when filtered, then it throws a RangeError naming the field', () => {
    expect(() => filterAsOf([], { peildatum: '1-8-2022' })).toThrow(/peildatum/);
    expect(() => filterAsOf([], { bekendOp: 'gisteren' })).toThrow(/bekendOp/);
    expect(() => filterAsOf([], { positie: -1 })).toThrow(/positie/);
  });

  it('totVan states how far a report reaches, with null for what was not asked', () => {
    expect(totVan(17)).toEqual({ positie: 17, peildatum: null, bekendOp: null });
    expect(totVan(7, { peildatum: '2022-08-01' })).toEqual({ positie: 7, peildatum: '2022-08-01', bekendOp: null });
  });
});
