import { formatBedrag } from '../src/shared/money';
import fc from 'fast-check';
import { applyEvent, begrotingNaWijziging, foldGrootboek, jaarBoek, lagenVan, legeGrootboek, nieuweVouwSessie, reservesaldi } from './grootboek.fold';
import { naarRijen } from './grootboek.rijen';
import { alsLog, ledgerHistorie } from './testing/ledger-historie.arbitrary';
import { given } from './testing/recorded-events.builder';
import { lichtToeEnSluit, zwolle2022ToegangJeugdhulp } from './testing/zwolle-2022.scenario';

const kolommenAlsTekst = (kolommen: Record<string, { toFixed(dp: number): string }>) =>
  Object.fromEntries(Object.entries(kolommen).map(([kolom, waarde]) => [kolom, waarde.toFixed(2)]));

describe('foldGrootboek', () => {
  it('given the golden log, when folded, then every booked layer of 2.3.1 holds the published totals', () => {
    const grootboek = foldGrootboek(zwolle2022ToegangJeugdhulp().events);

    const lagen = lagenVan(jaarBoek(grootboek, 2022), '2.3.1');

    expect(kolommenAlsTekst(lagen.vastgesteldeBegroting)).toEqual({ lasten: '2852268.00', baten: '0.00', toevoegingReserves: '0.00', onttrekkingReserves: '0.00' });
    expect(kolommenAlsTekst(lagen.mutatiesProjecten)).toEqual({ lasten: '234989.00', baten: '0.00', toevoegingReserves: '0.00', onttrekkingReserves: '234989.00' });
    expect(kolommenAlsTekst(lagen.begrotingswijzigingen)).toEqual({ lasten: '-891676.00', baten: '0.00', toevoegingReserves: '0.00', onttrekkingReserves: '292500.00' });
    expect(kolommenAlsTekst(begrotingNaWijziging(lagen))).toEqual({ lasten: '2195581.00', baten: '0.00', toevoegingReserves: '0.00', onttrekkingReserves: '527489.00' });
    expect(kolommenAlsTekst(lagen.jaarrekening)).toEqual({ lasten: '1961775.00', baten: '0.00', toevoegingReserves: '0.00', onttrekkingReserves: '339796.00' });
    expect(grootboek.positie).toBe(12);
  });

  it('given the golden log, when applied one event at a time, then the result equals the rebuild (and the input state is not mutated)', () => {
    const events = lichtToeEnSluit(zwolle2022ToegangJeugdhulp()).events;
    const leeg = legeGrootboek();

    let incrementeel = leeg;
    for (const event of events) incrementeel = applyEvent(incrementeel, event);

    expect(incrementeel).toEqual(foldGrootboek(events));
    expect(leeg).toEqual(legeGrootboek());
  });

  it('given a fold up to positie 8, when the rest is folded on top of it, then it equals the full rebuild', () => {
    const events = zwolle2022ToegangJeugdhulp().events;

    const halverwege = foldGrootboek(events.slice(0, 8));

    expect(foldGrootboek(events.slice(8), halverwege)).toEqual(foldGrootboek(events));
  });

  it('given an event replayed twice, when folded, then nothing changes the second time', () => {
    const events = zwolle2022ToegangJeugdhulp().events;
    const eenmaal = foldGrootboek(events);

    expect(applyEvent(eenmaal, events[9])).toBe(eenmaal);
    expect(foldGrootboek([...events, ...events])).toEqual(eenmaal);
  });

  it('given no InstellingenGewijzigd, when folded, then the default thresholds hold; given one, then it replaces them', () => {
    const log = given('GM0193');
    expect(formatBedrag(foldGrootboek(log.events).instellingen.drempelBedrag)).toBe('100000.00');
    expect(foldGrootboek(log.events).instellingen.drempelPercentage).toBeNull();

    log.add({ type: 'InstellingenGewijzigd', data: { drempelBedrag: '25000.00', drempelPercentage: '10' } }, { datum: '2023-01-01' });
    const grootboek = foldGrootboek(log.events);

    expect(formatBedrag(grootboek.instellingen.drempelBedrag)).toBe('25000.00');
    expect(grootboek.instellingen.drempelPercentage).toBe('10');
  });

  it('given a correction of a project mutation, when folded, then the layer, the reserve budget and the krediet spending all move', () => {
    const log = zwolle2022ToegangJeugdhulp();
    const projectmutatie = log.events.find((event) => event.type === 'ProjectmutatieGeboekt');
    log.add(
      {
        type: 'CorrectieGeboekt',
        data: {
          jaar: 2022,
          corrigeert: projectmutatie?.eventId ?? 'ontbreekt',
          laag: 'mutatiesProjecten',
          reden: 'dubbel geboekte factuur',
          regels: [
            { doel: '2.3.1', kolom: 'lasten', bedrag: '-989.00' },
            { doel: '2.3.1', kolom: 'onttrekkingReserves', bedrag: '-989.00', reserve: 'RES-PROJ' },
          ],
        },
      },
      { datum: '2023-08-01' },
    );

    const grootboek = foldGrootboek(log.events);
    const boekjaar = jaarBoek(grootboek, 2022);

    expect(lagenVan(boekjaar, '2.3.1').mutatiesProjecten.lasten.toFixed(2)).toBe('234000.00');
    expect(boekjaar.reservemutaties['RES-PROJ']['2.3.1'].begroot.onttrekkingen.toFixed(2)).toBe('234000.00');
    expect(grootboek.bestedingen['KR-PROEFTUIN']['2022'].toFixed(2)).toBe('234000.00');
  });

  it('given a KredietGewijzigd, when folded, then the omvang includes it', () => {
    const log = zwolle2022ToegangJeugdhulp();
    log.add({ type: 'KredietGewijzigd', data: { krediet: 'KR-PROEFTUIN', bedrag: '-75000.00', besluit: { datum: '2022-11-10', orgaan: 'raad' } } }, { datum: '2022-11-10' });

    expect(foldGrootboek(log.events).kredieten['KR-PROEFTUIN'].omvang.toFixed(2)).toBe('800000.00');
  });

  it('given realised reserve mutations over two years, when the balances are asked, then 1 januari carries the earlier year', () => {
    const grootboek = foldGrootboek(zwolle2022ToegangJeugdhulp().events);
    const reserve = grootboek.reserves['RES-HERSTEL'];

    expect(formatBedrag(reservesaldi(grootboek, reserve, 2022).begin)).toBe('1500000.00');
    expect(formatBedrag(reservesaldi(grootboek, reserve, 2022).eind)).toBe('1395193.00');
    expect(formatBedrag(reservesaldi(grootboek, reserve, 2023).begin)).toBe('1395193.00');
    expect(formatBedrag(reservesaldi(grootboek, reserve, 2021).begin)).toBe('0.00');
  });
});

describe('fold sessions (copy-on-write within one fold)', () => {

  it('given any history, when it is folded in one session, then the state equals the plain immutable fold and an earlier state is left as it was', () => {
    fc.assert(
      fc.property(ledgerHistorie('GM0000', 40), fc.nat(), (gepland, knip) => {
        // given
        const events = alsLog(gepland);
        const halverwege = knip % events.length;
        let plain = legeGrootboek();
        for (const event of events) plain = applyEvent(plain, event);
        const eerder = foldGrootboek(events.slice(0, halverwege));
        const eerderAlsRijen = naarRijen(eerder);

        // when
        const sessie = nieuweVouwSessie();
        let metSessie = eerder;
        for (const event of events.slice(halverwege)) {
          const voor = metSessie;
          const voorAlsTekst = JSON.stringify({ positie: voor.positie, projectmutaties: voor.projectmutaties, instellingen: voor.instellingen });
          metSessie = applyEvent(metSessie, event, sessie);
          // What the histories read of `voor` after the event stays as it was (grootboek.fold.ts, VouwSessie).
          expect(JSON.stringify({ positie: voor.positie, projectmutaties: voor.projectmutaties, instellingen: voor.instellingen })).toBe(voorAlsTekst);
        }

        // then
        expect(metSessie).toEqual(plain);
        expect(naarRijen(eerder)).toEqual(eerderAlsRijen);
      }),
      { numRuns: 200 },
    );
  });
});
