import { besluit, legDoelenVast, registreerGemeente, stelReserveIn, vaststellingRegel } from '../support/scenarios';
import { createTestDatabase } from '../support/database';
import { type TestApp, freshGemeente, startTestApp } from '../support/test-app';

/**
 * Within one instance a gemeente's commands queue (src/application/command-executor.ts); between
 * instances only optimistic concurrency and the append condition of rule 6 keep them apart. This
 * suite runs two service instances on one database so that path is exercised for real.
 */
describe('twee instanties op één database', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const { url } = await createTestDatabase();
    a = await startTestApp({ url });
    b = await startTestApp({ url });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('given a reserve of 100,000 and withdrawals of 3,000 sent to both instances at once, in two budget years, then exactly 33 are accepted and the balance ends at 1,000', async () => {
    // given
    const gemeente = freshGemeente();
    await registreerGemeente(a, gemeente);
    await stelReserveIn(a, gemeente, 'AR', '100000.00', '2024-01-01');
    for (const jaar of [2024, 2025]) {
      await legDoelenVast(a, gemeente, jaar, [{ code: '5.1', naam: 'Zelfredzaam', programma: '5' }]);
      await a.as(['controller'], [gemeente]).post(`/api/v1/gemeenten/${gemeente}/begrotingen/${jaar}/vaststelling`, { besluit: besluit(`${jaar - 1}-11-09`, `B${jaar}`), regels: [vaststellingRegel('5.1', '1000.00')] }).expect(201);
    }

    // when
    const antwoorden = await Promise.all(
      Array.from({ length: 50 }, (_, index) => {
        const instantie = index % 2 === 0 ? a : b;
        const jaar = index % 4 < 2 ? 2024 : 2025;
        return instantie.as(['accountant'], [gemeente]).post(`/api/v1/gemeenten/${gemeente}/begrotingen/${jaar}/reservemutaties`, { reserve: 'AR', doel: '5.1', soort: 'onttrekking', bedrag: '3000.00', datum: `${jaar}-06-30` });
      }),
    );

    // then
    const statussen = antwoorden.map((antwoord) => antwoord.status);
    expect(statussen.filter((status) => status === 201)).toHaveLength(33);
    expect(statussen.filter((status) => status !== 201).every((status) => status === 422)).toBe(true);
    const staat = await b.as(['auditor'], [gemeente]).get(`/api/v1/gemeenten/${gemeente}/reserves/AR/staat?jaar=2025`).expect(200);
    expect(staat.body.saldoEind).toBe('1000.00');
  });

  it('given 20 amendments sent to both instances at once on one year, then every one is booked once, decided on fresh state', async () => {
    // given
    const gemeente = freshGemeente();
    await registreerGemeente(a, gemeente);
    await legDoelenVast(a, gemeente, 2024, [{ code: '5.1', naam: 'Zelfredzaam', programma: '5' }]);
    await a.as(['controller'], [gemeente]).post(`/api/v1/gemeenten/${gemeente}/begrotingen/2024/vaststelling`, { besluit: besluit('2023-11-09', 'B2024'), regels: [vaststellingRegel('5.1', '1000.00')] }).expect(201);

    // when
    const antwoorden = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 === 0 ? a : b)
          .as(['controller'], [gemeente])
          .post(`/api/v1/gemeenten/${gemeente}/begrotingen/2024/wijzigingen`, { kenmerk: `W-${index}`, besluit: besluit('2024-03-01'), onderdelen: [{ titel: 'Tegelijk', budgettairNeutraal: false, aard: 'incidenteel', regels: [{ doel: '5.1', kolom: 'lasten', bedrag: '1.25' }] }] }),
      ),
    );

    // then
    expect(antwoorden.map((antwoord) => antwoord.status)).toEqual(Array(20).fill(201));
    const overzicht = await a.as(['auditor'], [gemeente]).get(`/api/v1/gemeenten/${gemeente}/begrotingen/2024/doelen/5.1/overzicht`).expect(200);
    expect(overzicht.body.lagen.begrotingswijzigingen.lasten).toBe('25.00');
  });

  it('given both instances answered a report, when a write goes through one, then the other answers it at once (read your own writes), also to a client holding the old ETag', async () => {
    // given
    const gemeente = freshGemeente();
    await registreerGemeente(a, gemeente);
    await legDoelenVast(a, gemeente, 2024, [{ code: '5.1', naam: 'Sport' }]);
    await a.as(['controller'], [gemeente]).post(`/api/v1/gemeenten/${gemeente}/begrotingen/2024/vaststelling`, { besluit: besluit('2023-11-09', 'B2024'), regels: [vaststellingRegel('5.1', '1000.00')] }).expect(201);
    const pad = `/api/v1/gemeenten/${gemeente}/begrotingen/2024/doelen/5.1/overzicht`;
    const realisatie = (bedrag: string) => ({ datum: '2024-06-30', regels: [{ doel: '5.1', kolom: 'lasten', bedrag }] });

    for (const [schrijver, lezer, bedrag] of [[a, b, '10.00'], [b, a, '20.00']] as const) {
      const eerder = await lezer.as(['auditor'], [gemeente]).get(pad).expect(200);
      await schrijver.as(['auditor'], [gemeente]).get(pad).expect(200);

      // when
      await schrijver.as(['accountant'], [gemeente]).post(`/api/v1/gemeenten/${gemeente}/begrotingen/2024/realisaties`, realisatie(bedrag)).expect(201);
      const na = await lezer.as(['auditor'], [gemeente]).get(pad).set('If-None-Match', eerder.headers.etag).expect(200);

      // then
      const [kop] = (await a.dataSource.query(`SELECT positie FROM gemeente_logs WHERE gemeente = $1`, [gemeente])) as { positie: string }[];
      expect(na.body.tot.positie).toBe(Number(kop.positie));
      expect(na.headers.etag).not.toBe(eerder.headers.etag);
    }
    const slot = await a.as(['auditor'], [gemeente]).get(pad).expect(200);
    expect(slot.body.lagen.jaarrekening.lasten).toBe('30.00');
  });
});
