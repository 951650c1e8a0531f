import { legDoelenVast, registreerGemeente, seed004Walk, stelReserveIn, besluit, vaststellingRegel } from '../support/scenarios';
import { type TestApp, freshGemeente, startTestApp } from '../support/test-app';

/** Limits (issue 5, item 7): per-token rate limit and request timeouts. Body size: foundation.e2e.spec.ts. */
describe('grenzen', () => {
  describe('rate limit per token', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { LEDGER_RATE_LIMIT_PER_MINUUT: '5' } });
    });
    afterAll(async () => {
      await t.close();
    });

    it('given a token that used its 5 requests of the minute, when it asks again, then 429 problem+json with Retry-After; another token is not affected', async () => {
      // given
      const gemeente = freshGemeente();
      const pad = `/api/v1/gemeenten/${gemeente}/begrotingen/2024/verschillenanalyse`;
      const eerste = t.token(['auditor'], [gemeente], 'auditor-1');
      const tweede = t.token(['auditor'], [gemeente], 'auditor-2');
      for (let index = 0; index < 5; index++) await t.http().get(pad).set('Authorization', `Bearer ${eerste}`).expect(404);

      // when
      const geweigerd = await t.http().get(pad).set('Authorization', `Bearer ${eerste}`);
      const ander = await t.http().get(pad).set('Authorization', `Bearer ${tweede}`);

      // then
      expect(geweigerd.status).toBe(429);
      expect(geweigerd.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(geweigerd.body).toMatchObject({ status: 429, code: 'VERZOEK.TE_VEEL' });
      expect(Number(geweigerd.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(ander.status).toBe(404);
    });

    it('given no token, then the public health check is never limited', async () => {
      for (let index = 0; index < 8; index++) await t.http().get('/api/v1/gezondheid').expect(200);
    });
  });

  describe('page size of histories', () => {
    let t: TestApp;
    const gemeente = freshGemeente();
    const pad = `/api/v1/gemeenten/${gemeente}/begrotingen/2022/doelen/2.3.1/historie`;
    beforeAll(async () => {
      t = await startTestApp();
      await seed004Walk(t, gemeente);
    });
    afterAll(async () => {
      await t.close();
    });

    it('given the golden history, when it is read in pages of 3, then the pages join up to the whole history in order, and the last says there is no next', async () => {
      // given
      const auditor = t.as(['auditor'], [gemeente]);
      const geheel = (await auditor.get(pad).expect(200)).body;

      // when
      const paginas: { items: unknown[]; volgende: number | null }[] = [];
      let naPositie: number | null = 0;
      for (let ronde = 0; naPositie !== null && ronde < 20; ronde++) {
        const antwoord = await auditor.get(`${pad}?limiet=3&naPositie=${naPositie}`).expect(200);
        const pagina = antwoord.body as { items: unknown[]; volgende: number | null };
        paginas.push(pagina);
        naPositie = pagina.volgende;
      }

      // then
      expect(geheel.volgende).toBeNull();
      expect(paginas.length).toBe(Math.ceil(geheel.items.length / 3));
      expect(paginas.every((pagina) => pagina.items.length <= 3)).toBe(true);
      expect(paginas.flatMap((pagina) => pagina.items)).toEqual(geheel.items);
    });

    it('given a page size above 1000 or a negative naPositie, then 400 problem naming the field', async () => {
      const auditor = t.as(['auditor'], [gemeente]);
      const teGroot = await auditor.get(`${pad}?limiet=1001`).expect(400);
      const negatief = await auditor.get(`${pad}?naPositie=-1`).expect(400);
      expect(teGroot.body.fouten).toEqual([{ veld: 'limiet', melding: expect.stringMatching(/1 tot en met 1000/) }]);
      expect(negatief.body.fouten).toEqual([{ veld: 'naPositie', melding: expect.any(String) }]);
    });
  });

  describe('request timeout', () => {
    let t: TestApp;
    beforeAll(async () => {
      // Every request of this app has this limit, the set-up's too: long enough for a cold first command on a busy machine.
      t = await startTestApp({ env: { LEDGER_REQUEST_TIMEOUT_MS: '2000' } });
    });
    afterAll(async () => {
      await t.close();
    });

    it('given a write stuck behind a lock, when the timeout passes, then 503 problem+json that says to repeat with the Idempotency-Key; repeating books it exactly once', async () => {
      // given: a gemeente with an adopted budget, and its log head locked by another transaction
      const gemeente = freshGemeente();
      await registreerGemeente(t, gemeente);
      await legDoelenVast(t, gemeente, 2024, [{ code: '5.1', naam: 'Zelfredzaam', programma: '5' }]);
      await stelReserveIn(t, gemeente, 'AR', '1000.00', '2024-01-01');
      const controller = t.as(['controller'], [gemeente]);
      await controller.post(`/api/v1/gemeenten/${gemeente}/begrotingen/2024/vaststelling`, { besluit: besluit('2023-11-09', 'B2024'), regels: [vaststellingRegel('5.1', '100.00')] }).expect(201);
      const slot = t.dataSource.createQueryRunner();
      await slot.connect();
      await slot.startTransaction();
      await slot.query(`SELECT positie FROM gemeente_logs WHERE gemeente = $1 FOR UPDATE`, [gemeente]);
      const wijziging = { kenmerk: 'W-traag', besluit: besluit('2024-03-01'), onderdelen: [{ titel: 'Traag', budgettairNeutraal: false, aard: 'incidenteel', regels: [{ doel: '5.1', kolom: 'lasten', bedrag: '10.00' }] }] };
      const sleutel = { 'Idempotency-Key': `traag-${gemeente}` };

      // when
      const verlopen = await controller.post(`/api/v1/gemeenten/${gemeente}/begrotingen/2024/wijzigingen`, wijziging, sleutel);
      await slot.commitTransaction();
      await slot.release();
      const herhaald = await controller.post(`/api/v1/gemeenten/${gemeente}/begrotingen/2024/wijzigingen`, wijziging, sleutel);
      const nogmaals = await controller.post(`/api/v1/gemeenten/${gemeente}/begrotingen/2024/wijzigingen`, wijziging, sleutel);

      // then
      expect(verlopen.status).toBe(503);
      expect(verlopen.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(verlopen.body.detail).toMatch(/Idempotency-Key/);
      expect(herhaald.status).toBe(201);
      expect(nogmaals.body.eventId).toBe(herhaald.body.eventId);
      const overzicht = await controller.get(`/api/v1/gemeenten/${gemeente}/begrotingen/2024/doelen/5.1/overzicht`).expect(200);
      expect(overzicht.body.lagen.begrotingswijzigingen.lasten).toBe('10.00');
    });
  });
});
