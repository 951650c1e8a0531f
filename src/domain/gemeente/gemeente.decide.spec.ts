import { deciderSpec } from '../../../test/support/given-when-then';
import type { Besluit } from '../shared/begrippen';
import type { GemeenteCommand } from './gemeente.commands';
import { decideGemeente, type GemeenteContext } from './gemeente.decide';
import type { GemeenteEvent } from './gemeente.events';
import { evolveGemeente, type GemeenteState, initialGemeenteState } from './gemeente.state';

const GM = 'GM0193';
const NU = '2022-03-01T09:30:00.000Z';
const actor = { subject: 'beheerder-1', rol: 'beheerder' };
const besluit: Besluit = { datum: '2021-11-08', orgaan: 'raad', kenmerk: 'Begroting 2022' };

const given = deciderSpec<GemeenteCommand, GemeenteEvent, GemeenteState, GemeenteContext>({
  decide: decideGemeente,
  evolve: evolveGemeente,
  initialState: initialGemeenteState,
  context: { bekendeDoelen: new Set(['2.3.1']) },
});

const command = <T extends GemeenteCommand['type']>(type: T, data: Extract<GemeenteCommand, { type: T }>['data']) =>
  ({ type, gemeente: GM, data, nu: NU, actor }) as Extract<GemeenteCommand, { type: T }>;

const geregistreerd: GemeenteEvent = { type: 'GemeenteGeregistreerd', data: { gemeente: GM, naam: 'Zwolle' } };
const herstelIngesteld: GemeenteEvent = {
  type: 'ReserveIngesteld',
  data: { reserve: 'RES-HERSTEL', naam: 'Reserve sociaal herstelplan', soort: 'bestemming', beginsaldo: '1500000.00', peildatum: '2022-01-01' },
};
const proeftuinVerleend: GemeenteEvent = {
  type: 'KredietVerleend',
  data: { krediet: 'KR-PROEFTUIN', naam: 'Proeftuin Jeugd', doel: '2.3.1', omvang: '875000.00', besluit },
};

describe('RegistreerGemeente', () => {
  it('registers a new gemeente, dated the day the command arrived', () => {
    given([])
      .when(command('RegistreerGemeente', { naam: 'Zwolle' }))
      .then([{ event: geregistreerd, datum: '2022-03-01' }]);
  });

  it('refuses to register the same gemeente twice (409)', () => {
    given([geregistreerd]).when(command('RegistreerGemeente', { naam: 'Zwolle' })).thenThrows('GEMEENTE.BESTAAT_AL', { kind: 'conflict' });
  });

  it('refuses a code that is not a CBS code', () => {
    given([])
      .when({ ...command('RegistreerGemeente', { naam: 'X' }), gemeente: 'ZW0193' })
      .thenThrows('GEMEENTE.CODE_ONGELDIG', { kind: 'ongeldig', velden: ['code'] });
  });

  it('refuses an empty name', () => {
    given([]).when(command('RegistreerGemeente', { naam: '  ' })).thenThrows('GEMEENTE.NAAM_ONTBREEKT', { velden: ['naam'] });
  });
});

describe('every other registry command needs a registered gemeente', () => {
  const commands: GemeenteCommand[] = [
    command('WijzigInstellingen', { drempelBedrag: '100000.00', drempelPercentage: null }),
    command('StelReserveIn', { reserve: 'R', naam: 'R', soort: 'algemeen', beginsaldo: '0', peildatum: '2022-01-01' }),
    command('VerleenKrediet', { krediet: 'K', naam: 'K', doel: '2.3.1', omvang: '1.00', besluit }),
    command('WijzigKrediet', { krediet: 'K', bedrag: '1.00', besluit }),
    command('LegBalanssaldoVast', { reserve: 'R', datum: '2022-12-31', saldo: '1.00' }),
  ];
  it.each(commands.map((c) => [c.type, c] as const))('%s on an unknown gemeente is 404 GEMEENTE.ONBEKEND', (_type, c) => {
    given([]).when(c).thenThrows('GEMEENTE.ONBEKEND', { kind: 'onbekend', detailBevat: GM });
  });
});

describe('WijzigInstellingen', () => {
  it('records the thresholds, amount normalised to two decimals, percentage to at least one', () => {
    given([geregistreerd])
      .when(command('WijzigInstellingen', { drempelBedrag: '25000', drempelPercentage: '10' }))
      .then([{ event: { type: 'InstellingenGewijzigd', data: { drempelBedrag: '25000.00', drempelPercentage: '10.0' } }, datum: '2022-03-01' }]);
  });

  it('keeps a percentage with two decimals exactly and accepts no percentage and a zero amount', () => {
    given([geregistreerd])
      .when(command('WijzigInstellingen', { drempelBedrag: '0', drempelPercentage: '7.25' }))
      .thenEvents([{ type: 'InstellingenGewijzigd', data: { drempelBedrag: '0.00', drempelPercentage: '7.25' } }]);
    given([geregistreerd])
      .when(command('WijzigInstellingen', { drempelBedrag: '15000.00', drempelPercentage: null }))
      .thenEvents([{ type: 'InstellingenGewijzigd', data: { drempelBedrag: '15000.00', drempelPercentage: null } }]);
  });

  it('refuses a negative amount or percentage and a malformed percentage', () => {
    given([geregistreerd])
      .when(command('WijzigInstellingen', { drempelBedrag: '-0.01', drempelPercentage: null }))
      .thenThrows('BEDRAG.NEGATIEF', { kind: 'regel', velden: ['drempelBedrag'] });
    given([geregistreerd])
      .when(command('WijzigInstellingen', { drempelBedrag: '1.00', drempelPercentage: '-5' }))
      .thenThrows('INSTELLINGEN.PERCENTAGE_NEGATIEF', { velden: ['drempelPercentage'] });
    given([geregistreerd])
      .when(command('WijzigInstellingen', { drempelBedrag: '1.00', drempelPercentage: '10%' }))
      .thenThrows('INSTELLINGEN.PERCENTAGE_ONGELDIG', { kind: 'ongeldig' });
  });

  it('is folded into the state', () => {
    const { state } = given([geregistreerd, { type: 'InstellingenGewijzigd', data: { drempelBedrag: '5.00', drempelPercentage: '1.0' } }]);
    expect(state.status === 'geregistreerd' && state.instellingen).toEqual({ drempelBedrag: '5.00', drempelPercentage: '1.0' });
  });
});

describe('StelReserveIn', () => {
  it('establishes a reserve dated on its peildatum, beginsaldo normalised', () => {
    given([geregistreerd])
      .when(command('StelReserveIn', { reserve: 'RES-HERSTEL', naam: 'Reserve sociaal herstelplan', soort: 'bestemming', beginsaldo: '1500000', peildatum: '2022-01-01' }))
      .then([{ event: herstelIngesteld, datum: '2022-01-01' }]);
  });

  it('accepts a zero beginsaldo', () => {
    given([geregistreerd])
      .when(command('StelReserveIn', { reserve: 'AR', naam: 'Algemene reserve', soort: 'algemeen', beginsaldo: '0', peildatum: '2024-01-01' }))
      .thenEvents([{ type: 'ReserveIngesteld', data: { reserve: 'AR', naam: 'Algemene reserve', soort: 'algemeen', beginsaldo: '0.00', peildatum: '2024-01-01' } }]);
  });

  it('refuses a negative beginsaldo', () => {
    given([geregistreerd])
      .when(command('StelReserveIn', { reserve: 'AR', naam: 'A', soort: 'algemeen', beginsaldo: '-1.00', peildatum: '2024-01-01' }))
      .thenThrows('BEDRAG.NEGATIEF', { kind: 'regel', velden: ['beginsaldo'] });
  });

  it('refuses a code that exists, also when that reserve was dissolved', () => {
    given([geregistreerd, herstelIngesteld])
      .when(command('StelReserveIn', { reserve: 'RES-HERSTEL', naam: 'x', soort: 'bestemming', beginsaldo: '0', peildatum: '2023-01-01' }))
      .thenThrows('RESERVE.BESTAAT_AL', { kind: 'conflict', velden: ['code'] });
    given([geregistreerd, herstelIngesteld, { type: 'ReserveOpgeheven', data: { reserve: 'RES-HERSTEL', besluit } }])
      .when(command('StelReserveIn', { reserve: 'RES-HERSTEL', naam: 'x', soort: 'bestemming', beginsaldo: '0', peildatum: '2023-01-01' }))
      .thenThrows('RESERVE.BESTAAT_AL', { detailBevat: 'opgeheven' });
  });
});

describe('VerleenKrediet', () => {
  it('grants a krediet on a known doel, dated on its besluit', () => {
    given([geregistreerd])
      .when(command('VerleenKrediet', { krediet: 'KR-PROEFTUIN', naam: 'Proeftuin Jeugd', doel: '2.3.1', omvang: '875000', besluit }))
      .then([{ event: proeftuinVerleend, datum: '2021-11-08' }]);
  });

  it('refuses a doel that was never laid down (422)', () => {
    given([geregistreerd])
      .when(command('VerleenKrediet', { krediet: 'K', naam: 'K', doel: '9.9.9', omvang: '1.00', besluit }))
      .thenThrows('KREDIET.DOEL_ONBEKEND', { kind: 'regel', velden: ['doel'], detailBevat: '9.9.9' });
  });

  it('refuses a duplicate code (409) and a negative omvang; accepts zero', () => {
    given([geregistreerd, proeftuinVerleend])
      .when(command('VerleenKrediet', { krediet: 'KR-PROEFTUIN', naam: 'x', doel: '2.3.1', omvang: '1.00', besluit }))
      .thenThrows('KREDIET.BESTAAT_AL', { kind: 'conflict' });
    given([geregistreerd])
      .when(command('VerleenKrediet', { krediet: 'K', naam: 'K', doel: '2.3.1', omvang: '-1.00', besluit }))
      .thenThrows('BEDRAG.NEGATIEF', { velden: ['omvang'] });
    given([geregistreerd])
      .when(command('VerleenKrediet', { krediet: 'K', naam: 'K', doel: '2.3.1', omvang: '0.00', besluit }))
      .thenEvents([{ type: 'KredietVerleend', data: { krediet: 'K', naam: 'K', doel: '2.3.1', omvang: '0.00', besluit } }]);
  });
});

describe('WijzigKrediet', () => {
  const verlaging = { krediet: 'KR-PROEFTUIN', bedrag: '-75000', besluit: { ...besluit, datum: '2022-07-07' } };

  it('lowers the omvang with a signed amount and folds it', () => {
    given([geregistreerd, proeftuinVerleend])
      .when(command('WijzigKrediet', verlaging))
      .then([{ event: { type: 'KredietGewijzigd', data: { ...verlaging, bedrag: '-75000.00' } }, datum: '2022-07-07' }]);
    const { state } = given([geregistreerd, proeftuinVerleend, { type: 'KredietGewijzigd', data: { ...verlaging, bedrag: '-75000.00' } }]);
    expect(state.status === 'geregistreerd' && state.kredieten['KR-PROEFTUIN'].omvang).toBe('800000.00');
  });

  it('allows the omvang to reach exactly zero but not below', () => {
    given([geregistreerd, proeftuinVerleend]).when(command('WijzigKrediet', { ...verlaging, bedrag: '-875000.00' })).thenEvents([
      { type: 'KredietGewijzigd', data: { ...verlaging, bedrag: '-875000.00' } },
    ]);
    given([geregistreerd, proeftuinVerleend])
      .when(command('WijzigKrediet', { ...verlaging, bedrag: '-875000.01' }))
      .thenThrows('KREDIET.OMVANG_NEGATIEF', { kind: 'regel', detailBevat: ['875000.00', '€ 875.000,00', '-0.01'] });
  });

  it('refuses an unknown krediet (404) and a closed one (409)', () => {
    given([geregistreerd]).when(command('WijzigKrediet', verlaging)).thenThrows('KREDIET.ONBEKEND', { kind: 'onbekend' });
    given([geregistreerd, proeftuinVerleend, { type: 'KredietAfgesloten', data: { krediet: 'KR-PROEFTUIN', besluit } }])
      .when(command('WijzigKrediet', verlaging))
      .thenThrows('KREDIET.AFGESLOTEN', { kind: 'conflict' });
  });
});

describe('LegBalanssaldoVast', () => {
  it('states a balance-sheet figure for a known reserve, dated on its datum', () => {
    given([geregistreerd, herstelIngesteld])
      .when(command('LegBalanssaldoVast', { reserve: 'RES-HERSTEL', datum: '2022-12-31', saldo: '1395193' }))
      .then([{ event: { type: 'ReservesaldoVolgensBalansVastgelegd', data: { reserve: 'RES-HERSTEL', datum: '2022-12-31', saldo: '1395193.00' } }, datum: '2022-12-31' }]);
  });

  it('refuses an unknown reserve (404)', () => {
    given([geregistreerd])
      .when(command('LegBalanssaldoVast', { reserve: 'GEEN', datum: '2022-12-31', saldo: '1.00' }))
      .thenThrows('RESERVE.ONBEKEND', { kind: 'onbekend', detailBevat: 'GEEN' });
  });
});

describe('evolveGemeente', () => {
  it('marks dissolved reserves and closed kredieten, and ignores facts before registration', () => {
    const { state } = given([
      geregistreerd,
      herstelIngesteld,
      proeftuinVerleend,
      { type: 'ReserveOpgeheven', data: { reserve: 'RES-HERSTEL', besluit } },
      { type: 'KredietAfgesloten', data: { krediet: 'KR-PROEFTUIN', besluit } },
    ]);
    expect(state.status === 'geregistreerd' && state.reserves['RES-HERSTEL'].opgeheven).toBe(true);
    expect(state.status === 'geregistreerd' && state.kredieten['KR-PROEFTUIN'].afgesloten).toBe(true);
    expect(evolveGemeente(initialGemeenteState, herstelIngesteld)).toEqual({ status: 'onbekend' });
  });
});
