import { besluit, legDoelenVast, registreerGemeente, vaststellingRegel } from '../support/scenarios';
import { type TestApp, freshGemeente, startTestApp } from '../support/test-app';

describe('Zwolle Berap 2022-1 (seed 003): a multi-part amendment checked per onderdeel', () => {
  let t: TestApp;
  const gemeente = freshGemeente();
  const base = `/api/v1/gemeenten/${gemeente}/begrotingen/2022`;
  beforeAll(async () => {
    t = await startTestApp();
    await registreerGemeente(t, gemeente);
    await legDoelenVast(t, gemeente, 2022, [
      { code: '1.1.2', naam: 'We vergroten de veerkracht van inwoners en buurten', programma: '1.1' },
      { code: '2.1.3', naam: 'Doel 2.1.3', programma: '2.1' },
      { code: '2.3.2', naam: 'Doel 2.3.2', programma: '2.3' },
      { code: '3.1.2', naam: 'Doel 3.1.2', programma: '3.1' },
      { code: '3.3.1', naam: 'Doel 3.3.1', programma: '3.3' },
      { code: '7.1.4', naam: 'Doel 7.1.4', programma: '7.1' },
      { code: '10.1.1', naam: 'Algemene uitkering gemeentefonds', programma: '10.1' },
    ]);
    await t
      .as(['controller'], [gemeente])
      .post(`${base}/vaststelling`, {
        besluit: besluit('2021-11-08', 'Begroting 2022'),
        regels: [
          vaststellingRegel('1.1.2', '5000000.00'),
          vaststellingRegel('2.1.3', '3000000.00'),
          vaststellingRegel('2.3.2', '4000000.00'),
          vaststellingRegel('3.1.2', '1000000.00'),
          vaststellingRegel('3.3.1', '2000000.00'),
          vaststellingRegel('7.1.4', '1500000.00'),
          vaststellingRegel('10.1.1', '0.00', '250000000.00'),
        ],
      })
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  const loonindexatie = (bedrag331: string) => ({
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

  it('given the loonindexatie spread with 23.000 instead of 24.000, then 422 naming the 1.000 imbalance, and nothing written', async () => {
    const before = await t.eventCount(gemeente);
    const response = await t.as(['controller'], [gemeente]).post(`${base}/wijzigingen`, { kenmerk: 'Berap 2022-1', besluit: besluit('2022-06-30'), onderdelen: [loonindexatie('23000.00')] });

    expect(response.status).toBe(422);
    expect(response.body.code).toBe('BEGROTING.NIET_BUDGETNEUTRAAL');
    expect(response.body.detail).toContain('1000.00');
    expect(response.body.detail).toContain('Extra loonindexatie');
    expect(await t.eventCount(gemeente)).toBe(before);
  });

  it('given the three onderdelen as published, then they are accepted and each doel shows its share', async () => {
    await t
      .as(['controller'], [gemeente])
      .post(`${base}/wijzigingen`, {
        kenmerk: 'Berap 2022-1',
        besluit: besluit('2022-06-30'),
        onderdelen: [
          { titel: 'Statushouders en vluchtelingen', budgettairNeutraal: false, aard: 'incidenteel', regels: [{ doel: '1.1.2', kolom: 'lasten', bedrag: '220000.00' }] },
          loonindexatie('24000.00'),
          {
            titel: 'Formatie programma Maatschappelijke Voorzieningen',
            budgettairNeutraal: false,
            aard: 'incidenteel',
            regels: [
              { doel: '1.1.2', kolom: 'lasten', bedrag: '38000.00' },
              { doel: '7.1.4', kolom: 'lasten', bedrag: '69600.00' },
            ],
          },
        ],
      })
      .expect(201);
    const auditor = t.as(['auditor'], [gemeente]);

    const doel112 = await auditor.get(`${base}/doelen/1.1.2/overzicht`).expect(200);
    const doel1011 = await auditor.get(`${base}/doelen/10.1.1/overzicht`).expect(200);
    const obl = await auditor.get(`${base}/overzicht-baten-en-lasten`).expect(200);

    expect(doel112.body.lagen.begrotingswijzigingen.lasten).toBe('375000.00');
    expect(doel112.body.lagen.begrotingNaWijziging.lasten).toBe('5375000.00');
    expect(doel1011.body.lagen.begrotingNaWijziging.baten).toBe('250661000.00');
    expect(obl.body.totaal).toMatchObject({ lasten: '17488600.00', baten: '250661000.00', saldoBatenEnLasten: '233172400.00', geraamdResultaat: '233172400.00' });
  });
});

describe('overzicht baten en lasten with BBV signs (seed 001, Zwolle begroting 2025, doel 1.2.3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('given lasten 80.235.555 and baten 1.205.582, then saldo baten en lasten and geraamd resultaat are −79.029.973 (baten − lasten)', async () => {
    const gemeente = freshGemeente();
    await registreerGemeente(t, gemeente);
    await legDoelenVast(t, gemeente, 2025, [{ code: '1.2.3', naam: 'Langdurige en/of intensieve ondersteuning', programma: '1.2' }]);
    const base = `/api/v1/gemeenten/${gemeente}/begrotingen/2025`;
    await t.as(['controller'], [gemeente]).post(`${base}/vaststelling`, { besluit: besluit('2024-11-11', 'Begroting 2025'), regels: [vaststellingRegel('1.2.3', '80235555.00', '1205582.00')] }).expect(201);

    const response = await t.as(['auditor'], [gemeente]).get(`${base}/overzicht-baten-en-lasten`).expect(200);

    const regel = response.body.programmas[0].doelen[0];
    expect(response.body.programmas[0].programma).toBe('1.2');
    expect(regel).toMatchObject({ doel: { code: '1.2.3' }, lasten: '80235555.00', baten: '1205582.00', saldoBatenEnLasten: '-79029973.00', geraamdResultaat: '-79029973.00' });
    expect(response.body.totaal.saldoBatenEnLasten).toBe('-79029973.00');
  });
});
