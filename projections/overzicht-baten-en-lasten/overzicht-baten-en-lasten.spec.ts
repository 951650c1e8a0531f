import { foldGrootboek } from '../grootboek.fold';
import { given } from '../testing/recorded-events.builder';
import { overzichtBatenEnLasten } from './overzicht-baten-en-lasten.fold';

const GM = 'GM0193';

describe('overzichtBatenEnLasten', () => {
  it('given seed 001 (Zwolle begroting 2025, doel 1.2.3), when the overzicht is asked, then saldoBatenEnLasten is baten − lasten = −79.029.973', () => {
    const log = given(GM);
    log.add({ type: 'DoelenVastgelegd', data: { jaar: 2025, doelen: [{ code: '1.2.3', naam: 'Langdurige en/of intensieve ondersteuning', programma: '1.2' }] } }, { datum: '2026-11-22' });
    log.add(
      {
        type: 'BegrotingVastgesteld',
        data: {
          jaar: 2025,
          besluit: { datum: '2024-11-11', orgaan: 'raad', kenmerk: 'Begroting 2025' },
          regels: [{ doel: '1.2.3', lasten: '80235555.00', baten: '1205582.00', toevoegingReserves: [], onttrekkingReserves: [] }],
        },
      },
      { datum: '2024-11-11' },
    );

    const overzicht = overzichtBatenEnLasten(foldGrootboek(log.events), GM, 2025);

    const regel = {
      lasten: '80235555.00',
      baten: '1205582.00',
      saldoBatenEnLasten: '-79029973.00',
      toevoegingReserves: '0.00',
      onttrekkingReserves: '0.00',
      geraamdResultaat: '-79029973.00',
    };
    expect(overzicht).toEqual({
      gemeente: GM,
      jaar: 2025,
      programmas: [{ programma: '1.2', doelen: [{ doel: { code: '1.2.3', naam: 'Langdurige en/of intensieve ondersteuning', programma: '1.2' }, ...regel }], ...regel }],
      totaal: regel,
    });
  });

  it('given reserve mutations, when the overzicht is asked, then geraamdResultaat = saldo + onttrekking − toevoeging on begroting na wijziging', () => {
    const log = given(GM);
    log.add(
      {
        type: 'BegrotingVastgesteld',
        data: {
          jaar: 2024,
          besluit: { datum: '2023-11-09', orgaan: 'raad' },
          regels: [
            { doel: '5.1', lasten: '2500000.00', baten: '300000.00', toevoegingReserves: [{ reserve: 'AR', bedrag: '10000.00' }], onttrekkingReserves: [{ reserve: 'AR', bedrag: '80000.00' }] },
            { doel: '5.2', lasten: '1750000.00', baten: '0.00', toevoegingReserves: [], onttrekkingReserves: [] },
          ],
        },
      },
      { datum: '2023-11-09' },
    );
    log.add(
      {
        type: 'BegrotingswijzigingVastgesteld',
        data: {
          jaar: 2024,
          kenmerk: 'Voorjaarsnota 2024',
          besluit: { datum: '2024-07-04', orgaan: 'raad' },
          onderdelen: [{ titel: 'extra', budgettairNeutraal: false, aard: 'incidenteel', regels: [{ doel: '5.2', kolom: 'lasten', bedrag: '-0.01' }] }],
        },
      },
      { datum: '2024-07-04' },
    );

    const overzicht = overzichtBatenEnLasten(foldGrootboek(log.events), 'GM1740', 2024);

    expect(overzicht.programmas.map((programma) => programma.programma)).toEqual(['5']);
    expect(overzicht.programmas[0].doelen.map((regel) => regel.doel)).toEqual([
      { code: '5.1', naam: '5.1', programma: '5' },
      { code: '5.2', naam: '5.2', programma: '5' },
    ]);
    expect(overzicht.programmas[0].doelen[0]).toMatchObject({ saldoBatenEnLasten: '-2200000.00', geraamdResultaat: '-2130000.00' });
    expect(overzicht.totaal).toEqual({
      lasten: '4249999.99',
      baten: '300000.00',
      saldoBatenEnLasten: '-3949999.99',
      toevoegingReserves: '10000.00',
      onttrekkingReserves: '80000.00',
      geraamdResultaat: '-3879999.99',
    });
  });

  it('given a year without doelen, when asked, then no programmas and zero totals', () => {
    const overzicht = overzichtBatenEnLasten(foldGrootboek([]), GM, 2030);

    expect(overzicht.programmas).toEqual([]);
    expect(overzicht.totaal.saldoBatenEnLasten).toBe('0.00');
  });
  it('given Berap 2022-1 (seed 003) on seven doelen, when the overzicht is asked, then the totals match the fixture and 10.1.1 sorts last', () => {
    const log = given(GM);
    const doelen = [
      ['1.1.2', '1.1', '5000000.00', '0.00'],
      ['2.1.3', '2.1', '3000000.00', '0.00'],
      ['2.3.2', '2.3', '4000000.00', '0.00'],
      ['3.1.2', '3.1', '1000000.00', '0.00'],
      ['3.3.1', '3.3', '2000000.00', '0.00'],
      ['7.1.4', '7.1', '1500000.00', '0.00'],
      ['10.1.1', '10.1', '0.00', '250000000.00'],
    ];
    log.add({ type: 'DoelenVastgelegd', data: { jaar: 2022, doelen: doelen.map(([code, programma]) => ({ code, naam: `Doel ${code}`, programma })) } }, { datum: '2026-11-22' });
    log.add(
      {
        type: 'BegrotingVastgesteld',
        data: {
          jaar: 2022,
          besluit: { datum: '2021-11-08', orgaan: 'raad', kenmerk: 'Begroting 2022' },
          regels: doelen.map(([doel, , lasten, baten]) => ({ doel, lasten, baten, toevoegingReserves: [], onttrekkingReserves: [] })),
        },
      },
      { datum: '2021-11-08' },
    );
    const lasten = (doel: string, bedrag: string) => ({ doel, kolom: 'lasten' as const, bedrag });
    log.add(
      {
        type: 'BegrotingswijzigingVastgesteld',
        data: {
          jaar: 2022,
          kenmerk: 'Berap 2022-1',
          besluit: { datum: '2022-06-30', orgaan: 'raad' },
          onderdelen: [
            { titel: 'Statushouders en vluchtelingen', budgettairNeutraal: false, aard: 'incidenteel', regels: [lasten('1.1.2', '220000.00')] },
            {
              titel: 'Extra loonindexatie Jeugdwet en WMO',
              budgettairNeutraal: true,
              aard: 'structureel',
              regels: [
                { doel: '10.1.1', kolom: 'baten', bedrag: '661000.00' },
                lasten('2.3.2', '225000.00'),
                lasten('2.1.3', '275000.00'),
                lasten('3.1.2', '20000.00'),
                lasten('3.3.1', '24000.00'),
                lasten('1.1.2', '117000.00'),
              ],
            },
            { titel: 'Formatie programma Maatschappelijke Voorzieningen', budgettairNeutraal: false, aard: 'incidenteel', regels: [lasten('1.1.2', '38000.00'), lasten('7.1.4', '69600.00')] },
          ],
        },
      },
      { datum: '2022-06-30' },
    );
    log.add(
      {
        type: 'BegrotingswijzigingVastgesteld',
        data: {
          jaar: 2022,
          kenmerk: 'Raadsbesluit 2022-15',
          besluit: { datum: '2022-09-15', orgaan: 'raad' },
          onderdelen: [{ titel: 'Extra inzet', budgettairNeutraal: false, aard: 'incidenteel', regels: [lasten('7.1.4', '10000.00')] }],
        },
      },
      { datum: '2022-09-15' },
    );

    const overzicht = overzichtBatenEnLasten(foldGrootboek(log.events), GM, 2022);

    expect(overzicht.programmas.map((programma) => programma.programma)).toEqual(['1.1', '2.1', '2.3', '3.1', '3.3', '7.1', '10.1']);
    expect(overzicht.programmas[0].doelen[0]).toMatchObject({ lasten: '5375000.00' });
    expect(overzicht.totaal).toEqual({
      lasten: '17498600.00',
      baten: '250661000.00',
      saldoBatenEnLasten: '233162400.00',
      toevoegingReserves: '0.00',
      onttrekkingReserves: '0.00',
      geraamdResultaat: '233162400.00',
    });
  });
});
