import { seed004Walk, besluit } from '../support/scenarios';
import { type TestApp, freshGemeente, startTestApp } from '../support/test-app';

/** The project's own golden test: seed 004's "Financieel overzicht doel" to the cent, through the API. */
describe('golden: Zwolle jaarrekening 2022, doel 2.3.1 Toegang jeugdhulp (seed 004)', () => {
  let t: TestApp;
  const gemeente = freshGemeente();
  const base = `/api/v1/gemeenten/${gemeente}/begrotingen/2022`;
  beforeAll(async () => {
    t = await startTestApp();
    await seed004Walk(t, gemeente);
  });
  afterAll(async () => {
    await t.close();
  });

  const auditor = () => t.as(['auditor'], [gemeente]);
  const kolommen = (lasten: string, onttrekking: string) => ({ lasten, baten: '0.00', toevoegingReserves: '0.00', onttrekkingReserves: onttrekking });

  it('when the overzicht is asked, then all six rows, the saldo 46.113 and the krediet row with restant 640.011 match the published table', async () => {
    const response = await auditor().get(`${base}/doelen/2.3.1/overzicht`).expect(200);

    expect(response.body).toMatchObject({
      gemeente,
      jaar: 2022,
      doel: { code: '2.3.1', naam: 'Toegang jeugdhulp', programma: '2.3' },
      lagen: {
        vastgesteldeBegroting: kolommen('2852268.00', '0.00'),
        mutatiesProjecten: kolommen('234989.00', '234989.00'),
        begrotingswijzigingen: kolommen('-891676.00', '292500.00'),
        begrotingNaWijziging: kolommen('2195581.00', '527489.00'),
        jaarrekening: kolommen('1961775.00', '339796.00'),
        resultaat: kolommen('233806.00', '-187693.00'),
      },
      saldo: '46113.00',
      kredieten: [
        { code: 'KR-PROEFTUIN', naam: 'Proeftuin Jeugd', omvang: '875000.00', gerealiseerdTotVorigJaar: '0.00', bestedingenDitJaar: '234989.00', restantkrediet: '640011.00' },
      ],
    });
  });

  it('when the overzicht is asked as of peildatum 2022-08-01, then only the adopted budget and the voorjaarsnota count', async () => {
    const response = await auditor().get(`${base}/doelen/2.3.1/overzicht?peildatum=2022-08-01`).expect(200);

    expect(response.body.lagen.begrotingNaWijziging).toEqual(kolommen('3144768.00', '292500.00'));
    expect(response.body.lagen.jaarrekening.lasten).toBe('0.00');
    expect(response.body.tot.peildatum).toBe('2022-08-01');
  });

  it('when the overzicht is asked as of the position of the adopted budget, then only that row is filled', async () => {
    const historie = await auditor().get(`${base}/doelen/2.3.1/historie`).expect(200);
    const vaststelling = historie.body.items.find((item: { type: string }) => item.type === 'BegrotingVastgesteld');

    const response = await auditor().get(`${base}/doelen/2.3.1/overzicht?positie=${vaststelling.positie}`).expect(200);

    expect(response.body.lagen.begrotingNaWijziging.lasten).toBe('2852268.00');
    expect(response.body.saldo).toBe('2852268.00');
  });

  it('when the verschillenanalyse is asked, then lasten 233.806 voordelig (10,6 %) and onttrekking −187.693 nadelig (−35,6 %) still lack a toelichting', async () => {
    const response = await t.as(['controller'], [gemeente]).get(`${base}/verschillenanalyse`).expect(200);
    const doel = response.body.doelen.find((d: { doel: { code: string } }) => d.doel.code === '2.3.1');

    expect(doel.kolommen.lasten).toMatchObject({ begroot: '2195581.00', realisatie: '1961775.00', verschil: '233806.00', percentage: '10.6', oordeel: 'voordelig', toelichtingVereist: true, toelichting: null });
    expect(doel.kolommen.onttrekkingReserves).toMatchObject({ verschil: '-187693.00', percentage: '-35.6', oordeel: 'nadelig', toelichtingVereist: true });
    expect(doel.saldo).toBe('46113.00');
    expect(doel.signalen).toContain('toelichtingOntbreekt');
    expect(doel.signalen).not.toContain('overschrijding');
  });

  it('when the verschillenanalyse is asked as CSV (formaat=csv or Accept: text/csv), then every number equals the JSON answer, with Dutch labels and decimal commas', async () => {
    // given
    const auditor = t.as(['auditor'], [gemeente]);
    const json = (await auditor.get(`${base}/verschillenanalyse`).expect(200)).body;

    // when
    const csv = await auditor.get(`${base}/verschillenanalyse?formaat=csv`).expect(200);
    const viaAccept = await t.http().get(`${base}/verschillenanalyse`).set('Authorization', `Bearer ${t.token(['auditor'], [gemeente])}`).set('Accept', 'text/csv').expect(200);

    // then
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/verschillenanalyse-GM\d{4}-2022\.csv/);
    expect(viaAccept.text).toBe(csv.text);
    const rijen = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n').map((rij) => rij.split(';'));
    expect(rijen[0]).toEqual(['Niveau', 'Programma', 'Doel', 'Naam', 'Kolom', 'Begroot', 'Realisatie', 'Verschil', 'Oordeel', 'Percentage', 'Toelichting vereist', 'Toelichting']);
    const lasten = rijen.find((rij) => rij[0] === 'doel' && rij[2] === '2.3.1' && rij[4] === 'Lasten');
    expect(lasten).toEqual(['doel', '2.3', '2.3.1', 'Toegang jeugdhulp', 'Lasten', '2195581,00', '1961775,00', '233806,00', 'voordelig', '10,6', 'ja', '']);
    const metPunt = (tekst: string) => tekst.replace(',', '.');
    const doel = json.doelen.find((d: { doel: { code: string } }) => d.doel.code === '2.3.1');
    const onttrekking = rijen.find((rij) => rij[0] === 'doel' && rij[2] === '2.3.1' && rij[4] === 'Onttrekking aan reserves') ?? [];
    expect([onttrekking[5], onttrekking[6], onttrekking[7], onttrekking[9]].map(metPunt)).toEqual([
      doel.kolommen.onttrekkingReserves.begroot, doel.kolommen.onttrekkingReserves.realisatie, doel.kolommen.onttrekkingReserves.verschil, doel.kolommen.onttrekkingReserves.percentage,
    ]);
    const totaalLasten = rijen.find((rij) => rij[0] === 'totaal' && rij[4] === 'Lasten') ?? [];
    expect(metPunt(totaalLasten[7])).toBe(json.totaal.kolommen.lasten.verschil);
  });

  it('when the verschillenanalyse is asked in a format that does not exist, then 400 naming formaat and the choices', async () => {
    const response = await t.as(['auditor'], [gemeente]).get(`${base}/verschillenanalyse?formaat=pdf`).expect(400);
    expect(response.body.fouten).toEqual([{ veld: 'formaat', melding: expect.stringMatching(/json, csv of xlsx/) }]);
  });

  it('when the reserve statements are asked, then the herstelplan reserve ends at 1.395.193 and the project reserve at 765.011', async () => {
    const herstel = await t.as(['accountant'], [gemeente]).get(`/api/v1/gemeenten/${gemeente}/reserves/RES-HERSTEL/staat?jaar=2022`).expect(200);
    const projecten = await t.as(['accountant'], [gemeente]).get(`/api/v1/gemeenten/${gemeente}/reserves/RES-PROJ/staat?jaar=2022`).expect(200);

    expect(herstel.body).toMatchObject({
      saldoBegin: '1500000.00',
      onttrekkingen: { begroot: '292500.00', realisatie: '104807.00' },
      saldoEind: '1395193.00',
      saldoVolgensBalans: null,
      verschilMetBalans: null,
    });
    expect(projecten.body).toMatchObject({ saldoBegin: '1000000.00', onttrekkingen: { begroot: '234989.00', realisatie: '234989.00' }, saldoEind: '765011.00' });
  });

  it('when both variances are explained and the jaarrekening adopted, then no signal remains, the year is closed and the history shows every step in order', async () => {
    const controller = t.as(['controller'], [gemeente]);
    await controller.post(`${base}/toelichtingen`, { doel: '2.3.1', kolom: 'lasten', tekst: 'RSJ IJsselland werkte kosteneffectiever.' }).expect(201);
    await controller.post(`${base}/toelichtingen`, { doel: '2.3.1', kolom: 'onttrekkingReserves', tekst: 'Niet benutte capaciteit is niet onttrokken.' }).expect(201);
    await controller.post(`${base}/jaarrekening`, { besluit: besluit('2023-07-06', 'Jaarrekening 2022') }).expect(201);

    const analyse = await controller.get(`${base}/verschillenanalyse`).expect(200);
    const late = await controller.post(`${base}/wijzigingen`, {
      kenmerk: 'Te laat',
      besluit: besluit('2023-07-10'),
      onderdelen: [{ titel: 'na sluiting', budgettairNeutraal: false, aard: 'incidenteel', regels: [{ doel: '2.3.1', kolom: 'lasten', bedrag: '1.00' }] }],
    });
    const historie = await auditor().get(`${base}/doelen/2.3.1/historie`).expect(200);

    const doel = analyse.body.doelen.find((d: { doel: { code: string } }) => d.doel.code === '2.3.1');
    expect(doel.signalen).not.toContain('toelichtingOntbreekt');
    expect(doel.kolommen.lasten.toelichting).toContain('RSJ IJsselland');
    expect(late.status).toBe(409);
    const types = historie.body.items.map((item: { type: string }) => item.type);
    expect(types).toEqual([
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
    const positions = historie.body.items.map((item: { positie: number }) => item.positie);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(historie.body.items[0].actor).toMatchObject({ rol: 'controller' });
  });
});
