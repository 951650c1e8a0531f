import { filterAsOf } from '../as-of';
import { lichtToeEnSluit, zwolle2022ToegangJeugdhulp } from '../testing/zwolle-2022.scenario';
import fc from 'fast-check';
import { alsLog, ledgerHistorie } from '../testing/ledger-historie.arbitrary';
import { alleHistorieItems, historieVanDoel, historieVanKrediet, historieVanReserve, vouwHistorieVerder } from './historie.fold';

describe('historie', () => {
  it('given the closed golden year, when the historie of 2.3.1 is asked, then every event on it and the lifecycle events show in positie order with running totals', () => {
    const events = lichtToeEnSluit(zwolle2022ToegangJeugdhulp()).events;

    const { items } = historieVanDoel(events, 2022, '2.3.1');

    expect(items.map((item) => item.type)).toEqual([
      'BegrotingVastgesteld',
      'BegrotingswijzigingVastgesteld',
      'BegrotingswijzigingVastgesteld',
      'ProjectmutatieGeboekt',
      'RealisatieGeboekt',
      'ReservemutatieGeboekt',
      'ReservemutatieGeboekt',
      'VerschilToegelicht',
      'VerschilToegelicht',
      'JaarrekeningVastgesteld',
    ]);
    expect(items.map((item) => item.positie)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(items[0].besluit).toEqual({ datum: '2021-11-08', orgaan: 'raad', kenmerk: 'Begroting 2022' });
    expect(items[0].stand.begrotingNaWijziging.lasten).toBe('2852268.00');
    expect(items[2].besluit).toEqual({ datum: '2022-11-10', orgaan: 'raad' });
    expect(items[2].regels).toEqual([{ doel: '2.3.1', kolom: 'lasten', bedrag: '-1184176.00', onderdeel: 'Bijstelling toegang jeugdhulp', aard: 'incidenteel' }]);
    // The auditor's question: how did 2.852.268 become 2.195.581?
    expect(items.slice(0, 4).map((item) => item.stand.begrotingNaWijziging.lasten)).toEqual(['2852268.00', '3144768.00', '1960592.00', '2195581.00']);
    expect(items[4]).toMatchObject({ actor: { subject: 'accountant-1', rol: 'accountant' }, besluit: null });
    expect(items[6].stand.jaarrekening.onttrekkingReserves).toBe('339796.00');
    expect(items[9]).toMatchObject({ regels: [], besluit: { datum: '2023-07-06', orgaan: 'raad', kenmerk: 'Jaarrekening 2022' } });
    expect(items[9]).not.toHaveProperty('correctieVan');
  });

  it('given a doel that a lifecycle event has no line for, when its historie is asked, then the lifecycle event still shows with no regels', () => {
    const events = zwolle2022ToegangJeugdhulp().events;

    const { items } = historieVanDoel(events, 2022, '3.3.1');

    expect(items.map((item) => [item.type, item.regels])).toEqual([['BegrotingVastgesteld', []]]);
  });

  it('given a correction after closing, when the historie is asked, then it shows as a correction of the named event', () => {
    const log = lichtToeEnSluit(zwolle2022ToegangJeugdhulp());
    const realisatie = log.events.find((event) => event.type === 'RealisatieGeboekt');
    log.add(
      {
        type: 'CorrectieGeboekt',
        data: { jaar: 2022, corrigeert: realisatie?.eventId ?? 'ontbreekt', laag: 'jaarrekening', reden: 'factuur dubbel', regels: [{ doel: '2.3.1', kolom: 'lasten', bedrag: '-775' }] },
      },
      { datum: '2023-09-01', actor: { subject: 'accountant-1', rol: 'accountant' } },
    );

    const laatste = historieVanDoel(log.events, 2022, '2.3.1').items.at(-1);

    expect(laatste).toMatchObject({
      type: 'CorrectieGeboekt',
      correctieVan: realisatie?.eventId,
      regels: [{ doel: '2.3.1', kolom: 'lasten', bedrag: '-775.00' }],
      stand: { jaarrekening: { lasten: '1961000.00' } },
    });
  });

  it('given an as-of view, when the historie is asked, then it ends where the view ends', () => {
    const events = filterAsOf(lichtToeEnSluit(zwolle2022ToegangJeugdhulp()).events, { peildatum: '2022-08-01' });

    expect(historieVanDoel(events, 2022, '2.3.1').items.map((item) => item.positie)).toEqual([6, 7]);
  });

  it('given the golden log, when the historie of RES-HERSTEL is asked, then its institution, budget and withdrawal show with the running saldo', () => {
    const { items } = historieVanReserve(zwolle2022ToegangJeugdhulp().events, 'RES-HERSTEL');

    expect(items.map((item) => item.type)).toEqual(['ReserveIngesteld', 'BegrotingswijzigingVastgesteld', 'ReservemutatieGeboekt']);
    expect(items.map((item) => item.stand)).toEqual([
      { saldo: '1500000.00', jaar: null, begroot: null },
      { saldo: '1500000.00', jaar: 2022, begroot: { toevoegingen: '0.00', onttrekkingen: '292500.00' } },
      { saldo: '1395193.00', jaar: 2022, begroot: { toevoegingen: '0.00', onttrekkingen: '292500.00' } },
    ]);
    expect(items[1].regels).toEqual([
      { doel: '2.3.1', kolom: 'onttrekkingReserves', bedrag: '292500.00', reserve: 'RES-HERSTEL', onderdeel: 'Sociaal herstelplan: jeugd en veiligheid', aard: 'incidenteel' },
    ]);
  });

  it('given the golden log, when the historie of KR-PROEFTUIN is asked, then grant and spending show with omvang, besteed and restant', () => {
    const { items } = historieVanKrediet(zwolle2022ToegangJeugdhulp().events, 'KR-PROEFTUIN');

    expect(items.map((item) => [item.type, item.stand])).toEqual([
      ['KredietVerleend', { omvang: '875000.00', besteed: '0.00', restant: '875000.00' }],
      ['ProjectmutatieGeboekt', { omvang: '875000.00', besteed: '234989.00', restant: '640011.00' }],
    ]);
    expect(items[0].besluit).toEqual({ datum: '2021-11-08', orgaan: 'raad', kenmerk: 'Begroting 2022' });
    expect(items[0].regels).toEqual([{ krediet: 'KR-PROEFTUIN', naam: 'Proeftuin Jeugd', doel: '2.3.1', omvang: '875000.00' }]);
  });

  it('given any history cut anywhere, when its history is folded up to the cut and then on from there, then it equals the fold at once and the first fold is left as it was', () => {
    fc.assert(
      fc.property(ledgerHistorie('GM0000', 40), fc.nat(), (gepland, knip) => {
        // given
        const events = alsLog(gepland);
        const tot = knip % (events.length + 1);
        const eerst = vouwHistorieVerder(null, events.slice(0, tot));
        const eerstBewaard = JSON.stringify([...eerst.items]);

        // when
        const verder = vouwHistorieVerder(eerst, events.slice(tot));

        // then
        expect(verder.items).toEqual(alleHistorieItems(events));
        expect(JSON.stringify([...eerst.items])).toBe(eerstBewaard);
      }),
      { numRuns: 200 },
    );
  });
});
