import { seed004Walk } from '../support/scenarios';
import { dumpLeesmodel } from '../support/leesmodel-dump';
import { type TestApp, freshGemeente, startTestApp } from '../support/test-app';

/** The read models behind the reports, and the rebuild an operator can ask for. */
describe('leesmodellen en herbouw', () => {
  let t: TestApp;
  const gemeente = freshGemeente();
  const base = `/api/v1/gemeenten/${gemeente}/begrotingen/2022`;
  const rapporten = [
    `${base}/doelen/2.3.1/overzicht`,
    `${base}/verschillenanalyse`,
    `${base}/overzicht-baten-en-lasten`,
    `/api/v1/gemeenten/${gemeente}/reserves/RES-HERSTEL/staat?jaar=2022`,
    `/api/v1/gemeenten/${gemeente}/kredieten/KR-PROEFTUIN/overzicht?jaar=2022`,
    `${base}/doelen/2.3.1/historie`,
    `/api/v1/gemeenten/${gemeente}/reserves/RES-HERSTEL/historie`,
    `/api/v1/gemeenten/${gemeente}/kredieten/KR-PROEFTUIN/historie`,
  ];
  beforeAll(async () => {
    // The background loop is off: every report must bring the read model up to date by itself.
    t = await startTestApp({ projecties: { achtergrond: false } });
    await seed004Walk(t, gemeente);
  });
  afterAll(async () => {
    await t.close();
  });

  const auditor = () => t.as(['auditor'], [gemeente]);
  const alleAntwoorden = () => Promise.all(rapporten.map(async (pad) => (await auditor().get(pad).expect(200)).body as unknown));

  it('given the golden walk, when a report is asked, then it is answered from a read model that reached the head of the log', async () => {
    // when
    const overzicht = await auditor().get(`${base}/doelen/2.3.1/overzicht`).expect(200);

    // then
    const [kop] = (await t.dataSource.query(`SELECT positie FROM gemeente_logs WHERE gemeente = $1`, [gemeente])) as { positie: string }[];
    const checkpoints = (await t.dataSource.query(`SELECT projectie, positie FROM leesmodel.checkpoints WHERE gemeente = $1 ORDER BY projectie`, [gemeente])) as { projectie: string; positie: string }[];
    expect(checkpoints.map((rij) => [rij.projectie, Number(rij.positie)])).toEqual([['grootboek', Number(kop.positie)], ['historie', Number(kop.positie)]]);
    // The jaarrekening laag's columns are [lasten, baten, toevoeging, onttrekking].
    const [rij] = (await t.dataSource.query(`SELECT jaarrekening[1]::text AS lasten FROM leesmodel.doelen WHERE gemeente = $1 AND jaar = 2022 AND code = '2.3.1'`, [gemeente])) as { lasten: string }[];
    expect(rij.lasten).toBe('1961775.00');
    expect(overzicht.body.tot.positie).toBe(Number(kop.positie));
  });

  it('given the read models, when a beheerder of all gemeenten rebuilds them, then every report and every row is the same as before', async () => {
    // given
    const voor = await alleAntwoorden();
    const rijenVoor = await dumpLeesmodel(t.dataSource, gemeente);
    const aantalEvents = await t.eventCount();

    // when
    const herbouw = await t.as(['beheerder'], ['*']).post('/api/v1/beheer/projecties/herbouw').expect(200);

    // then
    expect(herbouw.body).toMatchObject({ events: aantalEvents, gemeenten: 1 });
    expect(await alleAntwoorden()).toEqual(voor);
    expect(await dumpLeesmodel(t.dataSource, gemeente)).toEqual(rijenVoor);
    expect(await t.dataSource.query(`SELECT 1 FROM information_schema.schemata WHERE schema_name IN ('leesmodel_herbouw', 'leesmodel_oud')`)).toHaveLength(0);
  });

  it('given a token for one gemeente or another role, when a rebuild is asked, then 403 and nothing is rebuilt', async () => {
    const [{ voor }] = (await t.dataSource.query(`SELECT max(bijgewerkt_op) AS voor FROM leesmodel.checkpoints`)) as { voor: Date }[];

    const beperkt = await t.as(['beheerder'], [gemeente]).post('/api/v1/beheer/projecties/herbouw').expect(403);
    await t.as(['controller'], ['*']).post('/api/v1/beheer/projecties/herbouw').expect(403);
    await t.http().post('/api/v1/beheer/projecties/herbouw').expect(401);

    expect(beperkt.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(beperkt.body.detail).toMatch(/herbouw raakt alle gemeenten/);
    const [{ na }] = (await t.dataSource.query(`SELECT max(bijgewerkt_op) AS na FROM leesmodel.checkpoints`)) as { na: Date }[];
    expect(na).toEqual(voor);
  });

  it('given a view as of an earlier position, when it is asked, then it comes from the events and differs from the present', async () => {
    const nu = await auditor().get(`${base}/doelen/2.3.1/overzicht`).expect(200);
    const vroeger = await auditor().get(`${base}/doelen/2.3.1/overzicht?positie=${nu.body.tot.positie - 3}`).expect(200);

    expect(vroeger.body.tot.positie).toBe(nu.body.tot.positie - 3);
    expect(vroeger.body.saldo).not.toBe(nu.body.saldo);
  });
});
