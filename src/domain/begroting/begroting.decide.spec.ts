import Big from 'big.js';
import { deciderSpec } from '../../../test/support/given-when-then';
import { evolveGemeente, type GemeenteState, initialGemeenteState } from '../gemeente/gemeente.state';
import type { GemeenteEvent } from '../gemeente/gemeente.events';
import { realisedReserveSaldo } from '../reserve-saldo';
import type { Besluit } from '../shared/begrippen';
import { DomainError } from '../shared/domain-error';
import type { BegrotingCommand } from './begroting.commands';
import { type BegrotingContext, decideBegroting, saldoVanRegels } from './begroting.decide';
import { type BegrotingEvent, REALISATIE_REGELS_PER_EVENT, type VaststellingRegel, type WijzigingOnderdeel } from './begroting.events';
import { type BegrotingState, evolveBegroting, initialBegrotingState } from './begroting.state';

const GM = 'GM0193';
const JAAR = 2022;
const NU = '2022-05-17T08:00:00.000Z';
const actor = { subject: 'controller-1', rol: 'controller' };
const raad = (datum: string, kenmerk?: string): Besluit => ({ datum, orgaan: 'raad', ...(kenmerk ? { kenmerk } : {}) });
const BEGROTING_2022 = raad('2021-11-08', 'Begroting 2022');

// --- The gemeente's registry (Zwolle, seed 004 plus a few edges) --------------------------------------

const gemeenteEvents: GemeenteEvent[] = [
  { type: 'GemeenteGeregistreerd', data: { gemeente: GM, naam: 'Zwolle' } },
  { type: 'ReserveIngesteld', data: { reserve: 'RES-HERSTEL', naam: 'Reserve sociaal herstelplan', soort: 'bestemming', beginsaldo: '1500000.00', peildatum: '2022-01-01' } },
  { type: 'ReserveIngesteld', data: { reserve: 'RES-PROJ', naam: 'Reserve projecten sociaal domein', soort: 'bestemming', beginsaldo: '1000000.00', peildatum: '2022-01-01' } },
  { type: 'ReserveIngesteld', data: { reserve: 'RES-OUD', naam: 'Opgeheven reserve', soort: 'bestemming', beginsaldo: '0.00', peildatum: '2020-01-01' } },
  { type: 'ReserveOpgeheven', data: { reserve: 'RES-OUD', besluit: raad('2021-07-01') } },
  { type: 'KredietVerleend', data: { krediet: 'KR-PROEFTUIN', naam: 'Proeftuin Jeugd', doel: '2.3.1', omvang: '875000.00', besluit: BEGROTING_2022 } },
  { type: 'KredietVerleend', data: { krediet: 'KR-DICHT', naam: 'Afgesloten krediet', doel: '2.3.1', omvang: '10000.00', besluit: BEGROTING_2022 } },
  { type: 'KredietAfgesloten', data: { krediet: 'KR-DICHT', besluit: raad('2021-12-01') } },
  { type: 'KredietVerleend', data: { krediet: 'KR-WIJK', naam: 'Wijkaccommodatie', doel: '1.1.2', omvang: '500000.00', besluit: BEGROTING_2022 } },
];
const zwolle: GemeenteState = gemeenteEvents.reduce(evolveGemeente, initialGemeenteState);
const context: BegrotingContext = { gemeente: zwolle, reservesaldi: { 'RES-HERSTEL': '1500000.00', 'RES-PROJ': '1000000.00' } };

const given = deciderSpec<BegrotingCommand, BegrotingEvent, BegrotingState, BegrotingContext>({
  decide: decideBegroting,
  evolve: evolveBegroting,
  initialState: initialBegrotingState,
  context,
});

function command<T extends BegrotingCommand['type']>(type: T, data: Extract<BegrotingCommand, { type: T }>['data']): Extract<BegrotingCommand, { type: T }> {
  return { type, gemeente: GM, jaar: JAAR, data, nu: NU, actor } as Extract<BegrotingCommand, { type: T }>;
}

// --- The year's facts ----------------------------------------------------------------------------------

const doel = (code: string, naam = `Doel ${code}`) => ({ code, naam, programma: code.slice(0, code.lastIndexOf('.')) });
const DOELEN = [
  doel('2.3.1', 'Toegang jeugdhulp'),
  doel('1.1.2', 'We vergroten de veerkracht van inwoners en buurten'),
  doel('2.1.3'),
  doel('2.3.2'),
  doel('3.1.2'),
  doel('3.3.1'),
  doel('7.1.4'),
  doel('10.1.1', 'Algemene uitkering gemeentefonds'),
];
const doelenVastgelegd: BegrotingEvent = { type: 'DoelenVastgelegd', data: { jaar: JAAR, doelen: DOELEN } };

const regel = (doelCode: string, lasten: string, baten = '0.00', extra: Partial<VaststellingRegel> = {}): VaststellingRegel => ({
  doel: doelCode,
  lasten,
  baten,
  toevoegingReserves: [],
  onttrekkingReserves: [],
  ...extra,
});
const vastgesteld: BegrotingEvent = {
  type: 'BegrotingVastgesteld',
  data: {
    jaar: JAAR,
    besluit: BEGROTING_2022,
    regels: [
      regel('2.3.1', '2852268.00'),
      regel('1.1.2', '5000000.00'),
      regel('2.1.3', '3000000.00'),
      regel('2.3.2', '4000000.00'),
      regel('3.1.2', '1000000.00'),
      regel('3.3.1', '2000000.00'),
      regel('7.1.4', '1500000.00'),
      regel('10.1.1', '0.00', '250000000.00'),
    ],
  },
};
const jaarrekening: BegrotingEvent = { type: 'JaarrekeningVastgesteld', data: { jaar: JAAR, besluit: raad('2023-07-06', 'Jaarrekening 2022') } };

const OPEN = [doelenVastgelegd];
const VASTGESTELD = [doelenVastgelegd, vastgesteld];
const GESLOTEN = [doelenVastgelegd, vastgesteld, jaarrekening];

// ---------------------------------------------------------------------------------------------------------

describe('any budget-year command', () => {
  it('needs a registered gemeente (404)', () => {
    given(VASTGESTELD)
      .when(command('StelJaarrekeningVast', { besluit: raad('2023-07-06') }), { gemeente: initialGemeenteState, reservesaldi: {} })
      .thenThrows('GEMEENTE.ONBEKEND', { kind: 'onbekend' });
  });
});

describe('LegDoelenVast', () => {
  it('lays down new doelen, dated the day the command arrived', () => {
    given([])
      .when(command('LegDoelenVast', { doelen: DOELEN }))
      .then([{ event: doelenVastgelegd, datum: '2022-05-17' }]);
  });

  it('records only the added and renamed doelen, also after adoption', () => {
    given(VASTGESTELD)
      .when(command('LegDoelenVast', { doelen: [doel('2.3.1', 'Toegang jeugdhulp'), doel('1.1.2', 'Veerkracht'), doel('5.1')] }))
      .thenEvents([{ type: 'DoelenVastgelegd', data: { jaar: JAAR, doelen: [doel('1.1.2', 'Veerkracht'), doel('5.1')] } }]);
  });

  it('records a doel moved to another programma', () => {
    given(OPEN)
      .when(command('LegDoelenVast', { doelen: [{ code: '2.3.1', naam: 'Toegang jeugdhulp', programma: '2' }] }))
      .thenEvents([{ type: 'DoelenVastgelegd', data: { jaar: JAAR, doelen: [{ code: '2.3.1', naam: 'Toegang jeugdhulp', programma: '2' }] } }]);
  });

  it('writes nothing when nothing changes', () => {
    given(OPEN).when(command('LegDoelenVast', { doelen: DOELEN.slice(0, 3) })).thenNothing();
  });

  it('refuses a code twice in one command (400) naming the second', () => {
    given([])
      .when(command('LegDoelenVast', { doelen: [doel('5.1'), doel('5.2'), doel('5.1')] }))
      .thenThrows('BEGROTING.DOEL_DUBBEL', { kind: 'ongeldig', velden: ['doelen[2].code'] });
  });

  it('refuses a closed year (409)', () => {
    given(GESLOTEN).when(command('LegDoelenVast', { doelen: [doel('5.1')] })).thenThrows('BEGROTING.JAAR_GESLOTEN', { kind: 'conflict' });
  });

  it('folds renames into the state', () => {
    const { state } = given([doelenVastgelegd, { type: 'DoelenVastgelegd', data: { jaar: JAAR, doelen: [doel('2.3.1', 'Jeugd')] } }]);
    expect(state.doelen['2.3.1'].naam).toBe('Jeugd');
    expect(Object.keys(state.doelen)).toHaveLength(DOELEN.length);
  });
});

describe('StelBegrotingVast', () => {
  it('adopts the seed 004 budget of 2.3.1, normalising amounts, dated on the besluit', () => {
    given(OPEN)
      .when(command('StelBegrotingVast', { besluit: BEGROTING_2022, regels: [regel('2.3.1', '2852268', '0')] }))
      .then([{ event: { type: 'BegrotingVastgesteld', data: { jaar: JAAR, besluit: BEGROTING_2022, regels: [regel('2.3.1', '2852268.00', '0.00')] } }, datum: '2021-11-08' }]);
  });

  it('accepts zero amounts, two decimals and budgeted reserve amounts', () => {
    const regels = [
      regel('2.3.1', '0.00', '0.01', {
        toevoegingReserves: [{ reserve: 'RES-PROJ', bedrag: '0' }],
        onttrekkingReserves: [{ reserve: 'RES-HERSTEL', bedrag: '80000.5' }],
      }),
    ];
    const [feit] = given(OPEN).when(command('StelBegrotingVast', { besluit: BEGROTING_2022, regels })).thenEvents([
      {
        type: 'BegrotingVastgesteld',
        data: {
          jaar: JAAR,
          besluit: BEGROTING_2022,
          regels: [
            regel('2.3.1', '0.00', '0.01', {
              toevoegingReserves: [{ reserve: 'RES-PROJ', bedrag: '0.00' }],
              onttrekkingReserves: [{ reserve: 'RES-HERSTEL', bedrag: '80000.50' }],
            }),
          ],
        },
      },
    ]);
    expect(feit.datum).toBe('2021-11-08');
  });

  it('is done once a year (409), and not at all in a closed year', () => {
    given(VASTGESTELD)
      .when(command('StelBegrotingVast', { besluit: BEGROTING_2022, regels: [regel('2.3.1', '1.00')] }))
      .thenThrows('BEGROTING.AL_VASTGESTELD', { kind: 'conflict', detailBevat: '2021-11-08' });
    given(GESLOTEN)
      .when(command('StelBegrotingVast', { besluit: BEGROTING_2022, regels: [regel('2.3.1', '1.00')] }))
      .thenThrows('BEGROTING.JAAR_GESLOTEN', { kind: 'conflict' });
  });

  it('refuses an empty budget (400)', () => {
    given(OPEN).when(command('StelBegrotingVast', { besluit: BEGROTING_2022, regels: [] })).thenThrows('BEGROTING.GEEN_REGELS', { kind: 'ongeldig', velden: ['regels'] });
  });

  it('refuses a doel twice (422)', () => {
    given(OPEN)
      .when(command('StelBegrotingVast', { besluit: BEGROTING_2022, regels: [regel('2.3.1', '1.00'), regel('2.3.1', '2.00')] }))
      .thenThrows('BEGROTING.DOEL_DUBBEL', { kind: 'regel', velden: ['regels[1].doel'] });
  });

  it('refuses every unknown doel at once, naming each field', () => {
    const error = given(OPEN)
      .when(command('StelBegrotingVast', { besluit: BEGROTING_2022, regels: [regel('2.3.1', '1.00'), regel('9.9', '1.00'), regel('9.8', '1.00')] }))
      .thenThrows('BEGROTING.DOEL_ONBEKEND', { kind: 'regel', velden: ['regels[1].doel', 'regels[2].doel'], detailBevat: ['9.9', '9.8'] });
    expect(error.fouten).toHaveLength(2);
  });

  it('refuses doelen before any were laid down', () => {
    given([]).when(command('StelBegrotingVast', { besluit: BEGROTING_2022, regels: [regel('2.3.1', '1.00')] })).thenThrows('BEGROTING.DOEL_ONBEKEND');
  });

  it('refuses unknown, dissolved and unnamed reserves', () => {
    given(OPEN)
      .when(command('StelBegrotingVast', { besluit: BEGROTING_2022, regels: [regel('2.3.1', '1.00', '0.00', { toevoegingReserves: [{ reserve: 'GEEN', bedrag: '1.00' }] })] }))
      .thenThrows('BEGROTING.RESERVE_ONBEKEND', { kind: 'regel', velden: ['regels[0].toevoegingReserves[0].reserve'], detailBevat: 'GEEN' });
    given(OPEN)
      .when(command('StelBegrotingVast', { besluit: BEGROTING_2022, regels: [regel('2.3.1', '1.00', '0.00', { onttrekkingReserves: [{ reserve: 'RES-OUD', bedrag: '1.00' }] })] }))
      .thenThrows('BEGROTING.RESERVE_OPGEHEVEN', { kind: 'regel', velden: ['regels[0].onttrekkingReserves[0].reserve'] });
    given(OPEN)
      .when(command('StelBegrotingVast', { besluit: BEGROTING_2022, regels: [regel('2.3.1', '1.00', '0.00', { onttrekkingReserves: [{ reserve: '', bedrag: '1.00' }] })] }))
      .thenThrows('BEGROTING.RESERVE_ONTBREEKT', { kind: 'regel' });
  });

  it('refuses negative adopted amounts, in every column', () => {
    given(OPEN)
      .when(command('StelBegrotingVast', { besluit: BEGROTING_2022, regels: [regel('2.3.1', '-5.00')] }))
      .thenThrows('BEDRAG.NEGATIEF', { kind: 'regel', velden: ['regels[0].lasten'], detailBevat: '-5.00' });
    const error = given(OPEN)
      .when(
        command('StelBegrotingVast', {
          besluit: BEGROTING_2022,
          regels: [regel('2.3.1', '1.00', '-0.01'), regel('1.1.2', '1.00', '0.00', { onttrekkingReserves: [{ reserve: 'RES-HERSTEL', bedrag: '-1.00' }] })],
        }),
      )
      .thenThrows('BEDRAG.NEGATIEF');
    expect(error.fouten.map((f) => f.veld)).toEqual(['regels[0].baten', 'regels[1].onttrekkingReserves[0].bedrag']);
  });

  it('moves the year to vastgesteld', () => {
    expect(given(VASTGESTELD).state).toMatchObject({ status: 'vastgesteld', vastgesteldOp: '2021-11-08' });
  });
});

describe('BoekProjectmutatie', () => {
  const proeftuin = { krediet: 'KR-PROEFTUIN', doel: '2.3.1', bedrag: '234989', reserve: 'RES-PROJ', datum: '2022-12-31' };

  it('books the seed 004 project mutation funded by a reserve, dated on its datum', () => {
    given(VASTGESTELD)
      .when(command('BoekProjectmutatie', proeftuin))
      .then([{ event: { type: 'ProjectmutatieGeboekt', data: { jaar: JAAR, krediet: 'KR-PROEFTUIN', doel: '2.3.1', bedrag: '234989.00', reserve: 'RES-PROJ' } }, datum: '2022-12-31' }]);
  });

  it('books a reversal (negative) without a reserve, and a zero amount', () => {
    const zonderReserve = { krediet: 'KR-PROEFTUIN', doel: '2.3.1', datum: '2022-06-01' };
    given(VASTGESTELD)
      .when(command('BoekProjectmutatie', { ...zonderReserve, bedrag: '-1000.5' }))
      .thenEvents([{ type: 'ProjectmutatieGeboekt', data: { jaar: JAAR, krediet: 'KR-PROEFTUIN', doel: '2.3.1', bedrag: '-1000.50' } }]);
    given(VASTGESTELD)
      .when(command('BoekProjectmutatie', { ...zonderReserve, bedrag: '0' }))
      .thenEvents([{ type: 'ProjectmutatieGeboekt', data: { jaar: JAAR, krediet: 'KR-PROEFTUIN', doel: '2.3.1', bedrag: '0.00' } }]);
  });

  it('needs an adopted budget and an open year (409)', () => {
    given(OPEN).when(command('BoekProjectmutatie', proeftuin)).thenThrows('BEGROTING.NIET_VASTGESTELD', { kind: 'conflict' });
    given(GESLOTEN).when(command('BoekProjectmutatie', proeftuin)).thenThrows('BEGROTING.JAAR_GESLOTEN', { kind: 'conflict' });
  });

  it('refuses a datum outside the budget year', () => {
    given(VASTGESTELD)
      .when(command('BoekProjectmutatie', { ...proeftuin, datum: '2023-01-01' }))
      .thenThrows('BEGROTING.DATUM_BUITEN_JAAR', { kind: 'regel', velden: ['datum'] });
  });

  it('refuses an unknown doel, krediet and reserve, and a closed krediet', () => {
    given(VASTGESTELD).when(command('BoekProjectmutatie', { ...proeftuin, doel: '9.9' })).thenThrows('BEGROTING.DOEL_ONBEKEND', { velden: ['doel'] });
    given(VASTGESTELD).when(command('BoekProjectmutatie', { ...proeftuin, krediet: 'KR-GEEN' })).thenThrows('BEGROTING.KREDIET_ONBEKEND', { kind: 'regel', velden: ['krediet'] });
    given(VASTGESTELD).when(command('BoekProjectmutatie', { ...proeftuin, krediet: 'KR-DICHT' })).thenThrows('BEGROTING.KREDIET_AFGESLOTEN', { kind: 'regel' });
    given(VASTGESTELD).when(command('BoekProjectmutatie', { ...proeftuin, reserve: 'GEEN' })).thenThrows('BEGROTING.RESERVE_ONBEKEND', { velden: ['reserve'] });
    given(VASTGESTELD).when(command('BoekProjectmutatie', { ...proeftuin, reserve: 'RES-OUD' })).thenThrows('BEGROTING.RESERVE_OPGEHEVEN');
  });

  it('refuses a doel other than the krediet’s', () => {
    given(VASTGESTELD)
      .when(command('BoekProjectmutatie', { ...proeftuin, krediet: 'KR-WIJK' }))
      .thenThrows('BEGROTING.KREDIET_ANDER_DOEL', { kind: 'regel', velden: ['doel'], detailBevat: ['1.1.2', '2.3.1'] });
  });
});

// Seed 003: Zwolle Berap 2022-1, three onderdelen in one decision.
const statushouders: WijzigingOnderdeel = {
  titel: 'Statushouders en vluchtelingen',
  budgettairNeutraal: false,
  aard: 'incidenteel',
  regels: [{ doel: '1.1.2', kolom: 'lasten', bedrag: '220000.00' }],
};
const loonindexatie = (bedrag331: string): WijzigingOnderdeel => ({
  titel: 'Extra loonindexatie Jeugdwet en WMO',
  budgettairNeutraal: true,
  aard: 'structureel',
  regels: [
    { doel: '10.1.1', kolom: 'baten', bedrag: '661000.00' },
    { doel: '2.3.2', kolom: 'lasten', bedrag: '225000.00' },
    { doel: '2.1.3', kolom: 'lasten', bedrag: '275000.00' },
    { doel: '3.1.2', kolom: 'lasten', bedrag: '20000.00' },
    { doel: '3.3.1', kolom: 'lasten', bedrag: bedrag331 },
    { doel: '1.1.2', kolom: 'lasten', bedrag: '117000.00' },
  ],
});
const formatie: WijzigingOnderdeel = {
  titel: 'Formatie programma Maatschappelijke Voorzieningen',
  budgettairNeutraal: false,
  aard: 'incidenteel',
  toelichting: 'Voor de komende 6 maanden is een budget nodig van € 107.600.',
  regels: [
    { doel: '1.1.2', kolom: 'lasten', bedrag: '38000.00' },
    { doel: '7.1.4', kolom: 'lasten', bedrag: '69600.00' },
  ],
};
const BERAP = raad('2022-06-30');

describe('StelBegrotingswijzigingVast', () => {
  it('adopts Berap 2022-1 with its three onderdelen (seed 003), dated on the besluit', () => {
    const onderdelen = [statushouders, loonindexatie('24000.00'), formatie];
    given(VASTGESTELD)
      .when(command('StelBegrotingswijzigingVast', { kenmerk: 'Berap 2022-1', besluit: BERAP, onderdelen }))
      .then([{ event: { type: 'BegrotingswijzigingVastgesteld', data: { jaar: JAAR, kenmerk: 'Berap 2022-1', besluit: BERAP, onderdelen } }, datum: '2022-06-30' }]);
    expect(saldoVanRegels(loonindexatie('24000.00').regels).toFixed(2)).toBe('0.00');
  });

  it('refuses the loonindexatie with 3.3.1 at 23.000: not budget neutral by 1000.00, baten larger', () => {
    const error = given(VASTGESTELD)
      .when(command('StelBegrotingswijzigingVast', { kenmerk: 'Berap 2022-1', besluit: BERAP, onderdelen: [statushouders, loonindexatie('23000.00')] }))
      .thenThrows('BEGROTING.NIET_BUDGETNEUTRAAL', {
        kind: 'regel',
        velden: ['onderdelen[1]'],
        detailBevat: ['Extra loonindexatie Jeugdwet en WMO', 'het verschil is 1000.00 (€ 1.000,00)', 'de baten en onttrekkingen aan reserves zijn groter'],
      });
    expect(error.fouten).toHaveLength(1);
  });

  it('names the lasten side when the lasten are larger, with the absolute difference', () => {
    given(VASTGESTELD)
      .when(command('StelBegrotingswijzigingVast', { kenmerk: 'X', besluit: BERAP, onderdelen: [loonindexatie('24000.01')] }))
      .thenThrows('BEGROTING.NIET_BUDGETNEUTRAAL', { detailBevat: ['0.01 (€ 0,01)', 'de lasten en toevoegingen aan reserves zijn groter'] });
  });

  it('adopts the seed 004 voorjaarsnota: +292.500 lasten funded by a withdrawal from a reserve, budget neutral', () => {
    const onderdeel: WijzigingOnderdeel = {
      titel: 'Sociaal herstelplan: jeugd en veiligheid',
      budgettairNeutraal: true,
      aard: 'incidenteel',
      regels: [
        { doel: '2.3.1', kolom: 'lasten', bedrag: '292500' },
        { doel: '2.3.1', kolom: 'onttrekkingReserves', bedrag: '292500', reserve: 'RES-HERSTEL' },
      ],
    };
    given(VASTGESTELD)
      .when(command('StelBegrotingswijzigingVast', { kenmerk: 'Voorjaarsnota 2022', besluit: raad('2022-07-07'), onderdelen: [onderdeel] }))
      .thenEvents([
        {
          type: 'BegrotingswijzigingVastgesteld',
          data: {
            jaar: JAAR,
            kenmerk: 'Voorjaarsnota 2022',
            besluit: raad('2022-07-07'),
            onderdelen: [
              {
                ...onderdeel,
                regels: [
                  { doel: '2.3.1', kolom: 'lasten', bedrag: '292500.00' },
                  { doel: '2.3.1', kolom: 'onttrekkingReserves', bedrag: '292500.00', reserve: 'RES-HERSTEL' },
                ],
              },
            ],
          },
        },
      ]);
  });

  it('treats a toevoeging to a reserve like lasten for neutrality', () => {
    const onderdeel: WijzigingOnderdeel = {
      titel: 'Storting',
      budgettairNeutraal: true,
      aard: 'incidenteel',
      regels: [
        { doel: '10.1.1', kolom: 'baten', bedrag: '500.00' },
        { doel: '10.1.1', kolom: 'toevoegingReserves', bedrag: '500.00', reserve: 'RES-PROJ' },
      ],
    };
    given(VASTGESTELD).when(command('StelBegrotingswijzigingVast', { kenmerk: 'S', besluit: BERAP, onderdelen: [onderdeel] })).thenEvents([
      { type: 'BegrotingswijzigingVastgesteld', data: { jaar: JAAR, kenmerk: 'S', besluit: BERAP, onderdelen: [onderdeel] } },
    ]);
  });

  it('adopts the seed 004 najaarsnota: −1.184.176 lasten, not budget neutral', () => {
    const onderdeel: WijzigingOnderdeel = {
      titel: 'Bijstelling toegang jeugdhulp',
      budgettairNeutraal: false,
      aard: 'incidenteel',
      regels: [{ doel: '2.3.1', kolom: 'lasten', bedrag: '-1184176.00' }],
    };
    given(VASTGESTELD)
      .when(command('StelBegrotingswijzigingVast', { kenmerk: 'Najaarsnota 2022', besluit: raad('2022-11-10'), onderdelen: [onderdeel] }))
      .then([{ event: { type: 'BegrotingswijzigingVastgesteld', data: { jaar: JAAR, kenmerk: 'Najaarsnota 2022', besluit: raad('2022-11-10'), onderdelen: [onderdeel] } }, datum: '2022-11-10' }]);
  });

  it('refuses a kenmerk already adopted this year (409)', () => {
    const berap: BegrotingEvent = { type: 'BegrotingswijzigingVastgesteld', data: { jaar: JAAR, kenmerk: 'Berap 2022-1', besluit: BERAP, onderdelen: [statushouders] } };
    given([...VASTGESTELD, berap])
      .when(command('StelBegrotingswijzigingVast', { kenmerk: 'Berap 2022-1', besluit: BERAP, onderdelen: [{ ...statushouders, titel: 'dubbel' }] }))
      .thenThrows('BEGROTING.KENMERK_DUBBEL', { kind: 'conflict', velden: ['kenmerk'], detailBevat: 'Berap 2022-1' });
    // A realisation with the same kenmerk is another kind of event.
    given([...VASTGESTELD, berap])
      .when(command('BoekRealisatie', { datum: '2022-07-01', kenmerk: 'Berap 2022-1', regels: [{ doel: '1.1.2', kolom: 'lasten', bedrag: '1.00' }] }))
      .thenEvents([{ type: 'RealisatieGeboekt', data: { jaar: JAAR, kenmerk: 'Berap 2022-1', regels: [{ doel: '1.1.2', kolom: 'lasten', bedrag: '1.00' }] } }]);
  });

  it('needs an adopted budget (409, "Te vroeg") and an open year (409, "Te laat")', () => {
    given(OPEN)
      .when(command('StelBegrotingswijzigingVast', { kenmerk: 'Te vroeg', besluit: raad('2021-10-01'), onderdelen: [statushouders] }))
      .thenThrows('BEGROTING.NIET_VASTGESTELD', { kind: 'conflict' });
    given(GESLOTEN)
      .when(command('StelBegrotingswijzigingVast', { kenmerk: 'Te laat', besluit: raad('2023-07-10'), onderdelen: [statushouders] }))
      .thenThrows('BEGROTING.JAAR_GESLOTEN', { kind: 'conflict' });
  });

  it('refuses an amendment without onderdelen or an onderdeel without regels (400)', () => {
    given(VASTGESTELD)
      .when(command('StelBegrotingswijzigingVast', { kenmerk: 'L', besluit: BERAP, onderdelen: [] }))
      .thenThrows('BEGROTING.GEEN_REGELS', { kind: 'ongeldig', velden: ['onderdelen'] });
    given(VASTGESTELD)
      .when(command('StelBegrotingswijzigingVast', { kenmerk: 'L', besluit: BERAP, onderdelen: [statushouders, { ...formatie, regels: [] }] }))
      .thenThrows('BEGROTING.GEEN_REGELS', { kind: 'ongeldig', velden: ['onderdelen[1].regels'] });
  });

  it('refuses unknown doelen, naming the line', () => {
    given(VASTGESTELD)
      .when(command('StelBegrotingswijzigingVast', { kenmerk: 'D', besluit: BERAP, onderdelen: [statushouders, { ...formatie, regels: [formatie.regels[0], { doel: '7.7.7', kolom: 'lasten', bedrag: '1.00' }] }] }))
      .thenThrows('BEGROTING.DOEL_ONBEKEND', { kind: 'regel', velden: ['onderdelen[1].regels[1].doel'] });
  });

  it('refuses a reserve column without a reserve and a reserve on lasten or baten (rule 7)', () => {
    const met = (regels: WijzigingOnderdeel['regels']) => command('StelBegrotingswijzigingVast', { kenmerk: 'R', besluit: BERAP, onderdelen: [{ ...statushouders, regels }] });
    given(VASTGESTELD)
      .when(met([{ doel: '2.3.1', kolom: 'onttrekkingReserves', bedrag: '1.00' }]))
      .thenThrows('BEGROTING.RESERVE_ONTBREEKT', { kind: 'regel', velden: ['onderdelen[0].regels[0].reserve'] });
    given(VASTGESTELD)
      .when(met([{ doel: '2.3.1', kolom: 'baten', bedrag: '1.00', reserve: 'RES-PROJ' }]))
      .thenThrows('BEGROTING.RESERVE_NIET_TOEGESTAAN', { kind: 'regel', velden: ['onderdelen[0].regels[0].reserve'] });
    given(VASTGESTELD)
      .when(met([{ doel: '2.3.1', kolom: 'toevoegingReserves', bedrag: '1.00', reserve: 'GEEN' }]))
      .thenThrows('BEGROTING.RESERVE_ONBEKEND', { velden: ['onderdelen[0].regels[0].reserve'] });
    given(VASTGESTELD)
      .when(met([{ doel: '2.3.1', kolom: 'toevoegingReserves', bedrag: '1.00', reserve: 'RES-OUD' }]))
      .thenThrows('BEGROTING.RESERVE_OPGEHEVEN');
  });
});

describe('BoekReservemutatie', () => {
  const onttrekking = { reserve: 'RES-PROJ', doel: '2.3.1', soort: 'onttrekking' as const, bedrag: '234989', datum: '2022-12-31' };

  it('books the seed 004 realised withdrawals of 234.989 and 104.807', () => {
    given(VASTGESTELD)
      .when(command('BoekReservemutatie', onttrekking))
      .then([{ event: { type: 'ReservemutatieGeboekt', data: { jaar: JAAR, reserve: 'RES-PROJ', doel: '2.3.1', soort: 'onttrekking', bedrag: '234989.00' } }, datum: '2022-12-31' }]);
    given(VASTGESTELD)
      .when(command('BoekReservemutatie', { ...onttrekking, reserve: 'RES-HERSTEL', bedrag: '104807.00' }))
      .thenEvents([{ type: 'ReservemutatieGeboekt', data: { jaar: JAAR, reserve: 'RES-HERSTEL', doel: '2.3.1', soort: 'onttrekking', bedrag: '104807.00' } }]);
  });

  it('lets a withdrawal bring the balance to exactly zero, but not one cent below (rule 6)', () => {
    const saldo20000 = { ...context, reservesaldi: { 'RES-PROJ': '20000.00' } };
    given(VASTGESTELD)
      .when(command('BoekReservemutatie', { ...onttrekking, bedrag: '20000.00' }), saldo20000)
      .thenEvents([{ type: 'ReservemutatieGeboekt', data: { jaar: JAAR, reserve: 'RES-PROJ', doel: '2.3.1', soort: 'onttrekking', bedrag: '20000.00' } }]);
    given(VASTGESTELD)
      .when(command('BoekReservemutatie', { ...onttrekking, bedrag: '20000.01' }), saldo20000)
      .thenThrows('RESERVE.SALDO_NEGATIEF', { kind: 'regel', velden: ['bedrag'], detailBevat: ['RES-PROJ', '20000.00 (€ 20.000,00)', '20000.01 (€ 20.000,01)'] });
  });

  it('books an addition whatever the balance', () => {
    given(VASTGESTELD)
      .when(command('BoekReservemutatie', { ...onttrekking, soort: 'toevoeging', bedrag: '5.5' }), { ...context, reservesaldi: { 'RES-PROJ': '0.00' } })
      .thenEvents([{ type: 'ReservemutatieGeboekt', data: { jaar: JAAR, reserve: 'RES-PROJ', doel: '2.3.1', soort: 'toevoeging', bedrag: '5.50' } }]);
  });

  it('refuses zero and negative amounts: the soort gives the direction', () => {
    given(VASTGESTELD).when(command('BoekReservemutatie', { ...onttrekking, bedrag: '0.00' })).thenThrows('BEDRAG.NIET_POSITIEF', { kind: 'regel', velden: ['bedrag'] });
    given(VASTGESTELD).when(command('BoekReservemutatie', { ...onttrekking, soort: 'toevoeging', bedrag: '-1.00' })).thenThrows('BEDRAG.NIET_POSITIEF');
  });

  it('needs an adopted budget, an open year and a datum in the year', () => {
    given(OPEN).when(command('BoekReservemutatie', onttrekking)).thenThrows('BEGROTING.NIET_VASTGESTELD');
    given(GESLOTEN).when(command('BoekReservemutatie', onttrekking)).thenThrows('BEGROTING.JAAR_GESLOTEN');
    given(VASTGESTELD).when(command('BoekReservemutatie', { ...onttrekking, datum: '2021-12-31' })).thenThrows('BEGROTING.DATUM_BUITEN_JAAR');
  });

  it('refuses an unknown doel and an unknown or dissolved reserve', () => {
    given(VASTGESTELD).when(command('BoekReservemutatie', { ...onttrekking, doel: '9.9' })).thenThrows('BEGROTING.DOEL_ONBEKEND', { velden: ['doel'] });
    given(VASTGESTELD).when(command('BoekReservemutatie', { ...onttrekking, reserve: 'GEEN' })).thenThrows('BEGROTING.RESERVE_ONBEKEND', { velden: ['reserve'] });
    given(VASTGESTELD).when(command('BoekReservemutatie', { ...onttrekking, reserve: 'RES-OUD' })).thenThrows('BEGROTING.RESERVE_OPGEHEVEN');
  });
});

describe('BoekRealisatie', () => {
  const realisatie = { datum: '2022-12-31', kenmerk: 'Jaarrekening 2022', regels: [{ doel: '2.3.1', kolom: 'lasten' as const, bedrag: '1961775' }] };

  it('books the seed 004 realisation of 1.961.775, dated on its datum', () => {
    given(VASTGESTELD)
      .when(command('BoekRealisatie', realisatie))
      .then([{ event: { type: 'RealisatieGeboekt', data: { jaar: JAAR, kenmerk: 'Jaarrekening 2022', regels: [{ doel: '2.3.1', kolom: 'lasten', bedrag: '1961775.00' }] } }, datum: '2022-12-31' }]);
  });

  it('books signed deltas, and realisations without a kenmerk as often as needed', () => {
    const zonder = { datum: '2022-03-31', regels: [{ doel: '10.1.1', kolom: 'baten' as const, bedrag: '-12.3' }] };
    const geboekt: BegrotingEvent = { type: 'RealisatieGeboekt', data: { jaar: JAAR, regels: [{ doel: '10.1.1', kolom: 'baten', bedrag: '-12.30' }] } };
    given([...VASTGESTELD, geboekt]).when(command('BoekRealisatie', zonder)).thenEvents([geboekt]);
  });

  it('records a booking of more lines than fit one event as numbered parts, in order, all carrying the kenmerk', () => {
    const regels = Array.from({ length: REALISATIE_REGELS_PER_EVENT * 2 + 1 }, (_, i) => ({ doel: '2.3.1', kolom: 'lasten' as const, bedrag: `${i + 1}` }));

    const events = given(VASTGESTELD).when(command('BoekRealisatie', { ...realisatie, regels })).result().map((feit) => feit.event);

    expect(events.map((event) => event.type === 'RealisatieGeboekt' && [event.data.kenmerk, event.data.deel, event.data.regels.length])).toEqual([
      ['Jaarrekening 2022', { nummer: 1, van: 3 }, REALISATIE_REGELS_PER_EVENT],
      ['Jaarrekening 2022', { nummer: 2, van: 3 }, REALISATIE_REGELS_PER_EVENT],
      ['Jaarrekening 2022', { nummer: 3, van: 3 }, 1],
    ]);
    const geboekt = events.flatMap((event) => (event.type === 'RealisatieGeboekt' ? event.data.regels.map((regel) => regel.bedrag) : []));
    expect(geboekt).toEqual(regels.map((regel) => `${regel.bedrag}.00`));
  });

  it('given a booking split into parts, when the same kenmerk is booked again, then rule 8 still refuses it', () => {
    const regels = Array.from({ length: REALISATIE_REGELS_PER_EVENT + 1 }, () => ({ doel: '2.3.1', kolom: 'lasten' as const, bedrag: '1' }));
    const delen = given(VASTGESTELD).when(command('BoekRealisatie', { ...realisatie, regels })).result().map((feit) => feit.event);

    given([...VASTGESTELD, ...delen]).when(command('BoekRealisatie', realisatie)).thenThrows('BEGROTING.KENMERK_DUBBEL', { kind: 'conflict' });
  });

  it('refuses the same kenmerk twice in a year (409)', () => {
    const geboekt: BegrotingEvent = { type: 'RealisatieGeboekt', data: { jaar: JAAR, kenmerk: 'Jaarrekening 2022', regels: [] } };
    given([...VASTGESTELD, geboekt]).when(command('BoekRealisatie', realisatie)).thenThrows('BEGROTING.KENMERK_DUBBEL', { kind: 'conflict', velden: ['kenmerk'] });
  });

  it('refuses a closed year before looking at the datum (409, not 422)', () => {
    given(GESLOTEN)
      .when(command('BoekRealisatie', { datum: '2023-07-10', regels: [{ doel: '2.3.1', kolom: 'lasten', bedrag: '1.00' }] }))
      .thenThrows('BEGROTING.JAAR_GESLOTEN', { kind: 'conflict' });
    given(OPEN).when(command('BoekRealisatie', realisatie)).thenThrows('BEGROTING.NIET_VASTGESTELD');
  });

  it('refuses a datum outside the year, no regels and an unknown doel', () => {
    given(VASTGESTELD).when(command('BoekRealisatie', { ...realisatie, datum: '2023-01-15' })).thenThrows('BEGROTING.DATUM_BUITEN_JAAR', { velden: ['datum'] });
    given(VASTGESTELD).when(command('BoekRealisatie', { ...realisatie, regels: [] })).thenThrows('BEGROTING.GEEN_REGELS', { kind: 'ongeldig' });
    given(VASTGESTELD)
      .when(command('BoekRealisatie', { ...realisatie, regels: [...realisatie.regels, { doel: '4.4', kolom: 'baten', bedrag: '1.00' }] }))
      .thenThrows('BEGROTING.DOEL_ONBEKEND', { velden: ['regels[1].doel'] });
  });
});

describe('LichtVerschilToe', () => {
  it('records an explanation per doel and kolom, dated the day the command arrived', () => {
    const tekst = 'Niet benutte capaciteit is niet onttrokken aan de reserve sociaal herstelplan.';
    given(VASTGESTELD)
      .when(command('LichtVerschilToe', { doel: '2.3.1', kolom: 'onttrekkingReserves', tekst }))
      .then([{ event: { type: 'VerschilToegelicht', data: { jaar: JAAR, doel: '2.3.1', kolom: 'onttrekkingReserves', tekst } }, datum: '2022-05-17' }]);
    given(VASTGESTELD)
      .when(command('LichtVerschilToe', { doel: '2.3.1', tekst }))
      .thenEvents([{ type: 'VerschilToegelicht', data: { jaar: JAAR, doel: '2.3.1', tekst } }]);
  });

  it('refuses an empty text, an unknown doel, an unadopted and a closed year', () => {
    given(VASTGESTELD).when(command('LichtVerschilToe', { doel: '2.3.1', tekst: ' ' })).thenThrows('BEGROTING.TOELICHTING_LEEG', { kind: 'ongeldig' });
    given(VASTGESTELD).when(command('LichtVerschilToe', { doel: '9.9', tekst: 'x' })).thenThrows('BEGROTING.DOEL_ONBEKEND');
    given(OPEN).when(command('LichtVerschilToe', { doel: '2.3.1', tekst: 'x' })).thenThrows('BEGROTING.NIET_VASTGESTELD');
    given(GESLOTEN).when(command('LichtVerschilToe', { doel: '2.3.1', tekst: 'x' })).thenThrows('BEGROTING.JAAR_GESLOTEN');
  });
});

describe('StelJaarrekeningVast', () => {
  const besluit = raad('2023-07-06', 'Jaarrekening 2022');

  it('closes the year, dated on the besluit', () => {
    given(VASTGESTELD).when(command('StelJaarrekeningVast', { besluit })).then([{ event: jaarrekening, datum: '2023-07-06' }]);
    expect(given(GESLOTEN).state).toMatchObject({ status: 'gesloten', geslotenOp: '2023-07-06', vastgesteldOp: '2021-11-08' });
  });

  it('needs an adopted budget, and closes once', () => {
    given(OPEN).when(command('StelJaarrekeningVast', { besluit })).thenThrows('BEGROTING.NIET_VASTGESTELD', { kind: 'conflict' });
    given(GESLOTEN).when(command('StelJaarrekeningVast', { besluit })).thenThrows('BEGROTING.JAAR_GESLOTEN', { kind: 'conflict' });
  });
});

describe('BoekCorrectie', () => {
  const gecorrigeerd = (type: BegrotingEvent['type']): BegrotingContext => ({ ...context, gecorrigeerd: { eventId: 'evt-1', type } });
  const correctie = {
    corrigeert: 'evt-1',
    reden: 'Factuur dubbel geboekt',
    regels: [{ doel: '2.3.1', kolom: 'lasten' as const, bedrag: '-1500' }],
  };

  it('corrects a realisation in a closed year, in laag jaarrekening, dated the day the command arrived', () => {
    given(GESLOTEN)
      .when(command('BoekCorrectie', correctie), gecorrigeerd('RealisatieGeboekt'))
      .then([
        {
          event: { type: 'CorrectieGeboekt', data: { jaar: JAAR, corrigeert: 'evt-1', laag: 'jaarrekening', reden: correctie.reden, regels: [{ doel: '2.3.1', kolom: 'lasten', bedrag: '-1500.00' }] } },
          datum: '2022-05-17',
        },
      ]);
  });

  it('uses the command’s datum when given, and is also accepted before closing', () => {
    const [feit] = given(VASTGESTELD).when(command('BoekCorrectie', { ...correctie, datum: '2022-12-31' }), gecorrigeerd('RealisatieGeboekt')).thenEvents([
      { type: 'CorrectieGeboekt', data: { jaar: JAAR, corrigeert: 'evt-1', laag: 'jaarrekening', reden: correctie.reden, regels: [{ doel: '2.3.1', kolom: 'lasten', bedrag: '-1500.00' }] } },
    ]);
    expect(feit.datum).toBe('2022-12-31');
  });

  it.each([
    ['BegrotingVastgesteld', 'vastgesteldeBegroting'],
    ['ProjectmutatieGeboekt', 'mutatiesProjecten'],
    ['BegrotingswijzigingVastgesteld', 'begrotingswijzigingen'],
    ['RealisatieGeboekt', 'jaarrekening'],
    ['ReservemutatieGeboekt', 'jaarrekening'],
  ] as const)('books a correction of %s in laag %s', (type, laag) => {
    const [feit] = given(GESLOTEN).when(command('BoekCorrectie', correctie), gecorrigeerd(type)).result();
    expect(feit.event.type === 'CorrectieGeboekt' && feit.event.data.laag).toBe(laag);
  });

  it.each(['DoelenVastgelegd', 'VerschilToegelicht', 'JaarrekeningVastgesteld', 'CorrectieGeboekt'] as const)('refuses to correct a %s', (type) => {
    given(GESLOTEN).when(command('BoekCorrectie', correctie), gecorrigeerd(type)).thenThrows('BEGROTING.NIET_CORRIGEERBAAR', { kind: 'regel', velden: ['corrigeert'], detailBevat: type });
  });

  it('refuses an event that is not in this year’s stream', () => {
    given(GESLOTEN).when(command('BoekCorrectie', correctie)).thenThrows('BEGROTING.GECORRIGEERD_EVENT_ONBEKEND', { kind: 'regel', velden: ['corrigeert'] });
    given(GESLOTEN)
      .when(command('BoekCorrectie', { ...correctie, corrigeert: 'evt-2' }), gecorrigeerd('RealisatieGeboekt'))
      .thenThrows('BEGROTING.GECORRIGEERD_EVENT_ONBEKEND');
  });

  it('needs at least an adopted budget', () => {
    given(OPEN).when(command('BoekCorrectie', correctie), gecorrigeerd('RealisatieGeboekt')).thenThrows('BEGROTING.NIET_VASTGESTELD', { kind: 'conflict' });
  });

  it('refuses no reden, no regels, unknown doelen and broken reserve lines', () => {
    const ctx = gecorrigeerd('ReservemutatieGeboekt');
    given(GESLOTEN).when(command('BoekCorrectie', { ...correctie, reden: '' }), ctx).thenThrows('BEGROTING.REDEN_ONTBREEKT', { kind: 'ongeldig' });
    given(GESLOTEN).when(command('BoekCorrectie', { ...correctie, regels: [] }), ctx).thenThrows('BEGROTING.GEEN_REGELS', { kind: 'ongeldig' });
    given(GESLOTEN).when(command('BoekCorrectie', { ...correctie, regels: [{ doel: '9.9', kolom: 'lasten', bedrag: '1.00' }] }), ctx).thenThrows('BEGROTING.DOEL_ONBEKEND', { velden: ['regels[0].doel'] });
    given(GESLOTEN)
      .when(command('BoekCorrectie', { ...correctie, regels: [{ doel: '2.3.1', kolom: 'onttrekkingReserves', bedrag: '1.00' }] }), ctx)
      .thenThrows('BEGROTING.RESERVE_ONTBREEKT', { velden: ['regels[0].reserve'] });
    given(GESLOTEN)
      .when(command('BoekCorrectie', { ...correctie, regels: [{ doel: '2.3.1', kolom: 'lasten', bedrag: '1.00', reserve: 'RES-PROJ' }] }), ctx)
      .thenThrows('BEGROTING.RESERVE_NIET_TOEGESTAAN');
  });

  it('keeps a realised reserve balance at or above zero: a positive onttrekking line or a negative toevoeging line (rule 6)', () => {
    const ctx = { ...gecorrigeerd('ReservemutatieGeboekt'), reservesaldi: { 'RES-PROJ': '100.00' } };
    const lijn = (kolom: 'toevoegingReserves' | 'onttrekkingReserves', bedrag: string) => ({ doel: '2.3.1', kolom, bedrag, reserve: 'RES-PROJ' });
    given(GESLOTEN)
      .when(command('BoekCorrectie', { ...correctie, regels: [lijn('onttrekkingReserves', '100.01')] }), ctx)
      .thenThrows('RESERVE.SALDO_NEGATIEF', { velden: ['regels[0].bedrag'], detailBevat: ['RES-PROJ', '100.00 (€ 100,00)'] });
    given(GESLOTEN)
      .when(command('BoekCorrectie', { ...correctie, regels: [lijn('toevoegingReserves', '-100.01')] }), ctx)
      .thenThrows('RESERVE.SALDO_NEGATIEF');
    // Net per reserve: moving 150 from one line to another leaves the balance where it was.
    given(GESLOTEN)
      .when(command('BoekCorrectie', { ...correctie, regels: [lijn('onttrekkingReserves', '150.00'), lijn('toevoegingReserves', '150.00')] }), ctx)
      .thenEvents([
        {
          type: 'CorrectieGeboekt',
          data: { jaar: JAAR, corrigeert: 'evt-1', laag: 'jaarrekening', reden: correctie.reden, regels: [lijn('onttrekkingReserves', '150.00'), lijn('toevoegingReserves', '150.00')] },
        },
      ]);
    // A correction of a budget layer moves no money: no balance is needed.
    given(GESLOTEN)
      .when(command('BoekCorrectie', { ...correctie, regels: [lijn('onttrekkingReserves', '999999.00')] }), { ...gecorrigeerd('BegrotingswijzigingVastgesteld'), reservesaldi: {} })
      .thenEvents([
        { type: 'CorrectieGeboekt', data: { jaar: JAAR, corrigeert: 'evt-1', laag: 'begrotingswijzigingen', reden: correctie.reden, regels: [lijn('onttrekkingReserves', '999999.00')] } },
      ]);
  });
});

describe('the seed 004 walk for doel 2.3.1 (Zwolle jaarrekening 2022)', () => {
  it('is accepted step by step, with the published totals and reserve balances', () => {
    let state = given(OPEN).state;
    const log: BegrotingEvent[] = [];
    const decide = (c: BegrotingCommand) => {
      const reservesaldi = {
        'RES-HERSTEL': realisedReserveSaldo('RES-HERSTEL', [...gemeenteEvents, ...log]).toFixed(2),
        'RES-PROJ': realisedReserveSaldo('RES-PROJ', [...gemeenteEvents, ...log]).toFixed(2),
      };
      for (const { event } of decideBegroting(c, state, { gemeente: zwolle, reservesaldi })) {
        log.push(event);
        state = evolveBegroting(state, event);
      }
    };
    decide(command('StelBegrotingVast', { besluit: BEGROTING_2022, regels: [regel('2.3.1', '2852268.00')] }));
    decide(
      command('StelBegrotingswijzigingVast', {
        kenmerk: 'Voorjaarsnota 2022',
        besluit: raad('2022-07-07'),
        onderdelen: [
          {
            titel: 'Sociaal herstelplan: jeugd en veiligheid',
            budgettairNeutraal: true,
            aard: 'incidenteel',
            regels: [
              { doel: '2.3.1', kolom: 'lasten', bedrag: '292500.00' },
              { doel: '2.3.1', kolom: 'onttrekkingReserves', bedrag: '292500.00', reserve: 'RES-HERSTEL' },
            ],
          },
        ],
      }),
    );
    decide(
      command('StelBegrotingswijzigingVast', {
        kenmerk: 'Najaarsnota 2022',
        besluit: raad('2022-11-10'),
        onderdelen: [{ titel: 'Bijstelling toegang jeugdhulp', budgettairNeutraal: false, aard: 'incidenteel', regels: [{ doel: '2.3.1', kolom: 'lasten', bedrag: '-1184176.00' }] }],
      }),
    );
    decide(command('BoekProjectmutatie', { krediet: 'KR-PROEFTUIN', doel: '2.3.1', bedrag: '234989.00', reserve: 'RES-PROJ', datum: '2022-12-31' }));
    decide(command('BoekRealisatie', { datum: '2022-12-31', kenmerk: 'Jaarrekening 2022', regels: [{ doel: '2.3.1', kolom: 'lasten', bedrag: '1961775.00' }] }));
    decide(command('BoekReservemutatie', { reserve: 'RES-PROJ', doel: '2.3.1', soort: 'onttrekking', bedrag: '234989.00', datum: '2022-12-31' }));
    decide(command('BoekReservemutatie', { reserve: 'RES-HERSTEL', doel: '2.3.1', soort: 'onttrekking', bedrag: '104807.00', datum: '2022-12-31' }));
    decide(command('StelJaarrekeningVast', { besluit: raad('2023-07-06', 'Jaarrekening 2022') }));

    expect(log.map((event) => event.type)).toEqual([
      'BegrotingVastgesteld',
      'BegrotingswijzigingVastgesteld',
      'BegrotingswijzigingVastgesteld',
      'ProjectmutatieGeboekt',
      'RealisatieGeboekt',
      'ReservemutatieGeboekt',
      'ReservemutatieGeboekt',
      'JaarrekeningVastgesteld',
    ]);
    expect(state.status).toBe('gesloten');

    // Begroting na wijziging of the lasten: 2.852.268 + 234.989 − 891.676 = 2.195.581.
    let lasten = new Big(0);
    for (const event of log) {
      if (event.type === 'BegrotingVastgesteld') lasten = lasten.plus(event.data.regels[0].lasten);
      if (event.type === 'ProjectmutatieGeboekt') lasten = lasten.plus(event.data.bedrag);
      if (event.type === 'BegrotingswijzigingVastgesteld') for (const o of event.data.onderdelen) for (const r of o.regels) if (r.kolom === 'lasten') lasten = lasten.plus(r.bedrag);
    }
    expect(lasten.toFixed(2)).toBe('2195581.00');
    expect(realisedReserveSaldo('RES-PROJ', [...gemeenteEvents, ...log]).toFixed(2)).toBe('765011.00');
    expect(realisedReserveSaldo('RES-HERSTEL', [...gemeenteEvents, ...log]).toFixed(2)).toBe('1395193.00');

    // After closing, a further withdrawal is refused on the year, not on the balance.
    expect(() => decide(command('BoekReservemutatie', { reserve: 'RES-HERSTEL', doel: '2.3.1', soort: 'onttrekking', bedrag: '1.00', datum: '2022-12-31' }))).toThrow(DomainError);
  });
});

describe('evolveBegroting', () => {
  it('ignores facts that could not have been decided in the current status, keeping a legal state', () => {
    const open = given(OPEN).state;
    expect(evolveBegroting(open, jaarrekening)).toBe(open);
    const { state } = given([...VASTGESTELD, { ...vastgesteld, data: { ...vastgesteld.data, besluit: raad('2022-02-02') } }]);
    expect(state).toMatchObject({ status: 'vastgesteld', vastgesteldOp: '2021-11-08' });
  });
});
