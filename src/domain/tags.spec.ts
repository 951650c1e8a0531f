import type { BegrotingEvent } from './begroting/begroting.events';
import type { GemeenteEvent } from './gemeente/gemeente.events';
import { tagsVan } from './tags';

const besluit = { datum: '2022-06-30', orgaan: 'raad' as const };

describe('tagsVan', () => {
  it('tags a gemeente registration and settings with nothing', () => {
    expect(tagsVan({ type: 'GemeenteGeregistreerd', data: { gemeente: 'GM0193', naam: 'Zwolle' } })).toEqual([]);
    expect(tagsVan({ type: 'InstellingenGewijzigd', data: { drempelBedrag: '1.00', drempelPercentage: null } })).toEqual([]);
  });

  it('tags registry events with their reserve or krediet, and a krediet with its doel', () => {
    const events: [GemeenteEvent, string[]][] = [
      [{ type: 'ReserveIngesteld', data: { reserve: 'AR', naam: 'A', soort: 'algemeen', beginsaldo: '0.00', peildatum: '2024-01-01' } }, ['reserve:AR']],
      [{ type: 'ReserveOpgeheven', data: { reserve: 'AR', besluit } }, ['reserve:AR']],
      [{ type: 'ReservesaldoVolgensBalansVastgelegd', data: { reserve: 'AR', datum: '2024-12-31', saldo: '1.00' } }, ['reserve:AR']],
      [{ type: 'KredietVerleend', data: { krediet: 'KR-1', naam: 'K', doel: '2.3.1', omvang: '1.00', besluit } }, ['doel:2.3.1', 'krediet:KR-1']],
      [{ type: 'KredietGewijzigd', data: { krediet: 'KR-1', bedrag: '1.00', besluit } }, ['krediet:KR-1']],
      [{ type: 'KredietAfgesloten', data: { krediet: 'KR-1', besluit } }, ['krediet:KR-1']],
    ];
    for (const [event, tags] of events) expect(tagsVan(event)).toEqual(tags);
  });

  it('tags a budget amendment with every doel and reserve it has a line on and its year, sorted and unique', () => {
    const event: BegrotingEvent = {
      type: 'BegrotingswijzigingVastgesteld',
      data: {
        jaar: 2022,
        kenmerk: 'Voorjaarsnota 2022',
        besluit,
        onderdelen: [
          {
            titel: 'a',
            budgettairNeutraal: true,
            aard: 'incidenteel',
            regels: [
              { doel: '2.3.1', kolom: 'lasten', bedrag: '292500.00' },
              { doel: '2.3.1', kolom: 'onttrekkingReserves', bedrag: '292500.00', reserve: 'RES-HERSTEL' },
            ],
          },
          { titel: 'b', budgettairNeutraal: false, aard: 'structureel', regels: [{ doel: '10.1.1', kolom: 'baten', bedrag: '1.00' }] },
        ],
      },
    };
    expect(tagsVan(event)).toEqual(['doel:10.1.1', 'doel:2.3.1', 'jaar:2022', 'reserve:RES-HERSTEL']);
  });

  it('tags adoption, project mutation, reserve mutation, realisation, toelichting, jaarrekening and correction', () => {
    const cases: [BegrotingEvent, string[]][] = [
      [{ type: 'DoelenVastgelegd', data: { jaar: 2022, doelen: [{ code: '5.1', naam: 'x', programma: '5' }, { code: '5.2', naam: 'y', programma: '5' }] } }, ['doel:5.1', 'doel:5.2', 'jaar:2022']],
      [
        {
          type: 'BegrotingVastgesteld',
          data: {
            jaar: 2024,
            besluit,
            regels: [
              { doel: '5.1', lasten: '1.00', baten: '0.00', toevoegingReserves: [{ reserve: 'R2', bedrag: '1.00' }], onttrekkingReserves: [{ reserve: 'AR', bedrag: '1.00' }] },
              { doel: '5.2', lasten: '1.00', baten: '0.00', toevoegingReserves: [], onttrekkingReserves: [{ reserve: 'AR', bedrag: '2.00' }] },
            ],
          },
        },
        ['doel:5.1', 'doel:5.2', 'jaar:2024', 'reserve:AR', 'reserve:R2'],
      ],
      [{ type: 'ProjectmutatieGeboekt', data: { jaar: 2022, krediet: 'KR-1', doel: '2.3.1', bedrag: '1.00', reserve: 'RES-PROJ' } }, ['doel:2.3.1', 'jaar:2022', 'krediet:KR-1', 'reserve:RES-PROJ']],
      [{ type: 'ProjectmutatieGeboekt', data: { jaar: 2022, krediet: 'KR-1', doel: '2.3.1', bedrag: '1.00' } }, ['doel:2.3.1', 'jaar:2022', 'krediet:KR-1']],
      [{ type: 'ReservemutatieGeboekt', data: { jaar: 2022, reserve: 'AR', doel: '5.1', soort: 'onttrekking', bedrag: '1.00' } }, ['doel:5.1', 'jaar:2022', 'reserve:AR']],
      [{ type: 'RealisatieGeboekt', data: { jaar: 2022, regels: [{ doel: '5.2', kolom: 'lasten', bedrag: '1.00' }, { doel: '5.1', kolom: 'baten', bedrag: '1.00' }] } }, ['doel:5.1', 'doel:5.2', 'jaar:2022']],
      [{ type: 'VerschilToegelicht', data: { jaar: 2022, doel: '5.1', tekst: 't' } }, ['doel:5.1', 'jaar:2022']],
      [{ type: 'JaarrekeningVastgesteld', data: { jaar: 2022, besluit } }, ['jaar:2022']],
      [
        { type: 'CorrectieGeboekt', data: { jaar: 2022, corrigeert: 'e', laag: 'jaarrekening', reden: 'r', regels: [{ doel: '5.1', kolom: 'onttrekkingReserves', bedrag: '1.00', reserve: 'AR' }] } },
        ['doel:5.1', 'jaar:2022', 'reserve:AR'],
      ],
    ];
    for (const [event, tags] of cases) expect(tagsVan(event)).toEqual(tags);
  });
});
