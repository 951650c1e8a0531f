import { rmSync } from 'node:fs';
import { EigenPostgres } from '../support/postgres-proces';
import { besluit, legDoelenVast, registreerGemeente, vaststellingRegel } from '../support/scenarios';
import { type TestApp, freshGemeente, startTestApp } from '../support/test-app';

/** Requests that take longer than this while PostgreSQL is down count as a hang. */
const SNEL_GENOEG_MS = 6000;
const HERSTEL_POGINGEN = 200;

/**
 * Database outage (issue 5, item 5): PostgreSQL stops under load. Requests get 503 problem+json
 * quickly (no hang, no 500), and the service recovers by itself when PostgreSQL returns. This suite
 * runs its own PostgreSQL, because it stops it.
 */
describe('database-storing', () => {
  let database: EigenPostgres;
  let t: TestApp;

  beforeAll(async () => {
    database = await EigenPostgres.maak();
    await database.start();
    t = await startTestApp({ url: database.url });
  });
  afterAll(async () => {
    await t?.close();
    await database.stop();
    rmSync(database.dir, { recursive: true, force: true });
  });

  it('given writes and reads under load, when PostgreSQL stops and returns, then every answer meanwhile is a quick 503 problem, none is a 500, the service recovers without a restart, and every acknowledged write is in the ledger', async () => {
    // given: a gemeente with an adopted budget and eight clients writing and reading
    const gemeente = freshGemeente();
    await registreerGemeente(t, gemeente);
    await legDoelenVast(t, gemeente, 2024, [{ code: '5.1', naam: 'Zelfredzaam', programma: '5' }]);
    const controller = t.as(['controller'], [gemeente]);
    const accountant = t.as(['accountant'], [gemeente]);
    const base = `/api/v1/gemeenten/${gemeente}/begrotingen/2024`;
    await controller.post(`${base}/vaststelling`, { besluit: besluit('2023-11-09', 'B2024'), regels: [vaststellingRegel('5.1', '1000.00')] }).expect(201);

    const antwoorden: { status: number; ms: number; type: string; fase: string }[] = [];
    let geaccepteerd = 0;
    let fase = 'voor';
    let stoppen = false;
    const client = async (index: number) => {
      for (let ronde = 0; !stoppen && ronde < 10_000; ronde++) {
        const start = Date.now();
        const antwoord = index % 2 === 0
          ? await accountant.post(`${base}/realisaties`, { datum: '2024-05-01', regels: [{ doel: '5.1', kolom: 'lasten', bedrag: '1.00' }] })
          : await accountant.get(`${base}/doelen/5.1/overzicht`);
        if (antwoord.status === 201) geaccepteerd += 1;
        antwoorden.push({ status: antwoord.status, ms: Date.now() - start, type: String(antwoord.headers['content-type']), fase });
      }
    };
    const clients = Array.from({ length: 8 }, (_, index) => client(index));
    await waitForAnswers(antwoorden, 20);

    // when: PostgreSQL stops, the clients keep going, and PostgreSQL comes back on the same port
    fase = 'storing';
    await database.stop();
    const tijdensStoring = antwoorden.length;
    await waitForAnswers(antwoorden, tijdensStoring + 40);
    const gezondheid = await t.http().get('/api/v1/gezondheid');
    await database.start();
    fase = 'herstel';
    let hersteld = false;
    for (let poging = 0; poging < HERSTEL_POGINGEN && !hersteld; poging++) {
      hersteld = (await t.http().get('/api/v1/gezondheid')).status === 200 && (await accountant.get(`${base}/doelen/5.1/overzicht`)).status === 200;
      if (!hersteld) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const naHerstel = antwoorden.filter((antwoord) => antwoord.fase === 'herstel').length;
    await waitForAnswers(antwoorden, antwoorden.length + 20);
    stoppen = true;
    await Promise.all(clients);

    // then
    const storing = antwoorden.filter((antwoord) => antwoord.fase === 'storing');
    expect(gezondheid.status).toBe(503);
    expect(storing.length).toBeGreaterThanOrEqual(40);
    expect(antwoorden.filter((antwoord) => antwoord.status >= 500 && antwoord.status !== 503)).toEqual([]);
    expect(storing.filter((antwoord) => antwoord.status === 503).length).toBeGreaterThan(0);
    for (const antwoord of storing.filter((a) => a.status === 503)) expect(antwoord.type).toMatch(/^application\/problem\+json/);
    expect(Math.max(...storing.map((antwoord) => antwoord.ms))).toBeLessThan(SNEL_GENOEG_MS);
    expect(hersteld).toBe(true);
    expect(antwoorden.filter((antwoord) => antwoord.fase === 'herstel' && antwoord.status === 201).length + naHerstel).toBeGreaterThan(0);
    // Every 201 is in the ledger (the budget itself is one more RealisatieGeboekt-free event).
    const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM events WHERE gemeente = $1 AND type = 'RealisatieGeboekt'`, [gemeente])) as { n: number }[];
    expect(n).toBeGreaterThanOrEqual(geaccepteerd);
    const overzicht = await accountant.get(`${base}/doelen/5.1/overzicht`).expect(200);
    expect(overzicht.body.lagen.jaarrekening.lasten).toBe(`${n}.00`);
  });
});

/** Waits (bounded) until the clients have given at least `aantal` answers in total. */
async function waitForAnswers(antwoorden: unknown[], aantal: number): Promise<void> {
  for (let poging = 0; poging < 6000 && antwoorden.length < aantal; poging++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (antwoorden.length < aantal) throw new Error(`na 60 s pas ${antwoorden.length} van ${aantal} antwoorden`);
}
