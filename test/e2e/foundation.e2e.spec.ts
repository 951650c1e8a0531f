import { signToken } from '../../src/auth/tokens';
import { type TestApp, freshGemeente, startTestApp } from '../support/test-app';

describe('foundation: health, docs, authentication, tenants and problem answers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const beheerder = () => t.as(['beheerder'], ['*']);
  const problemOf = (response: { headers: Record<string, string>; body: unknown }) => {
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    return response.body as { type: string; title: string; status: number; detail: string; fouten?: { veld: string; melding: string }[] };
  };

  it('given no token, when health and the OpenAPI document are asked, then both answer', async () => {
    const health = await t.http().get('/api/v1/gezondheid');
    const openapi = await t.http().get('/api/v1/openapi.json');

    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', database: 'bereikbaar' });
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toMatch(/^3\./);
    expect(openapi.body.servers).toEqual([{ url: '/api/v1' }]);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/gemeenten/{gm}/begrotingen/{jaar}/wijzigingen', '/beheer/projecties/herbouw']));
    expect(health.headers['api-version']).toBe('1.0.0');
  });

  it('given the OpenAPI document, then every operation documents its 400 problem answer and every success the API-Version header (Dutch API Design Rules)', async () => {
    const { body } = await t.http().get('/api/v1/openapi.json').expect(200);
    const operations = Object.values(body.paths as Record<string, Record<string, { responses: Record<string, { headers?: object }> }>>).flatMap((pad) => Object.values(pad));

    expect(operations.length).toBeGreaterThan(20);
    for (const operation of operations) {
      expect(operation.responses['400']).toBeDefined();
      for (const [status, response] of Object.entries(operation.responses)) {
        if (/^2/.test(status)) expect(response.headers).toHaveProperty('API-Version');
      }
    }
  });

  describe('401: who are you', () => {
    const path = '/api/v1/gemeenten/GM0193/begrotingen/2022/doelen/2.3.1/overzicht';

    it('given no token, then 401 problem in Dutch', async () => {
      const response = await t.http().get(path);
      expect(response.status).toBe(401);
      expect(problemOf(response).detail).toMatch(/bearer-token/);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });

    it('given a token signed with another secret, then 401', async () => {
      const forged = signToken('een-ander-geheim-van-voldoende-lengte', { sub: 'x', rollen: ['beheerder'], gemeenten: ['*'] });
      const response = await t.http().get(path).set('Authorization', `Bearer ${forged}`);
      expect(response.status).toBe(401);
      expect(problemOf(response).detail).toMatch(/ongeldig/);
    });

    it('given an expired token, then 401 saying it expired', async () => {
      const expired = signToken(t.secret, { sub: 'x', rollen: ['auditor'], gemeenten: ['GM0193'] }, -10);
      const response = await t.http().get(path).set('Authorization', `Bearer ${expired}`);
      expect(response.status).toBe(401);
      expect(problemOf(response).detail).toMatch(/verlopen/);
    });

    it('given an unsigned (alg none) token, then 401', async () => {
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'x', rollen: ['beheerder'], gemeenten: ['*'] })}.`;
      const response = await t.http().get(path).set('Authorization', `Bearer ${unsigned}`);
      expect(response.status).toBe(401);
    });
  });

  describe('403 and tenant scope', () => {
    it('given an auditor, when it tries to register a gemeente, then 403 naming the role and nothing is written', async () => {
      const before = await t.eventCount();
      const response = await t.as(['auditor'], ['*']).post('/api/v1/gemeenten', { code: freshGemeente(), naam: 'X' });
      expect(response.status).toBe(403);
      expect(problemOf(response).detail).toMatch(/beheerder/);
      expect(await t.eventCount()).toBe(before);
    });

    it('given a token for another gemeente, then reads answer 404 that reveals nothing and writes answer 403', async () => {
      const gemeente = freshGemeente();
      await beheerder().post('/api/v1/gemeenten', { code: gemeente, naam: 'Zwolle' }).expect(201);
      const stranger = t.as(['controller', 'auditor'], ['GM0000']);

      const read = await stranger.get(`/api/v1/gemeenten/${gemeente}/reserves/AR/staat?jaar=2024`);
      const write = await stranger.post(`/api/v1/gemeenten/${gemeente}/begrotingen/2024/toelichtingen`, { doel: '5.1', tekst: 'x' });

      expect(read.status).toBe(404);
      expect(JSON.stringify(read.body)).not.toContain(gemeente);
      expect(write.status).toBe(403);
    });
  });

  describe('problem answers for what never reaches a handler', () => {
    it('given an unknown route, then 404 problem+json', async () => {
      const response = await beheerder().get('/api/v1/bestaat-niet');
      expect(response.status).toBe(404);
      expect(problemOf(response).detail).toMatch(/Er is geen resource/);
    });

    it('given malformed JSON, then 400 problem+json and nothing written', async () => {
      const before = await t.eventCount();
      const response = await t
        .http()
        .post('/api/v1/gemeenten')
        .set('Authorization', `Bearer ${t.token(['beheerder'], ['*'])}`)
        .set('Content-Type', 'application/json')
        .send('{"code": "GM01');
      expect(response.status).toBe(400);
      expect(problemOf(response).detail).toMatch(/geen geldige JSON/);
      expect(await t.eventCount()).toBe(before);
    });

    it('given a body over the limit, then 413 problem+json', async () => {
      const response = await beheerder().post('/api/v1/gemeenten', { code: 'GM0193', naam: 'x'.repeat(2 * 1024 * 1024) });
      expect(response.status).toBe(413);
      expect(problemOf(response).status).toBe(413);
    });

    it('given an unknown field, then 400 naming the field', async () => {
      const response = await beheerder().post('/api/v1/gemeenten', { code: freshGemeente(), naam: 'X', extra: 1 });
      expect(response.status).toBe(400);
      expect(problemOf(response).fouten).toEqual(expect.arrayContaining([{ veld: 'extra', melding: 'extra is geen bekend veld' }]));
    });
  });

  describe('idempotency', () => {
    it('given an Idempotency-Key, when the same request is repeated, then the first answer returns and nothing more is written', async () => {
      const gemeente = freshGemeente();
      const body = { code: gemeente, naam: 'Neder-Betuwe' };
      const first = await beheerder().post('/api/v1/gemeenten', body, { 'Idempotency-Key': `reg-${gemeente}` });
      const count = await t.eventCount(gemeente);

      const second = await beheerder().post('/api/v1/gemeenten', body, { 'Idempotency-Key': `reg-${gemeente}` });

      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(await t.eventCount(gemeente)).toBe(count);
    });

    it('given a used Idempotency-Key, when another request uses it, then 422 and nothing is written', async () => {
      const gemeente = freshGemeente();
      await beheerder().post('/api/v1/gemeenten', { code: gemeente, naam: 'A' }, { 'Idempotency-Key': `k-${gemeente}` }).expect(201);
      const count = await t.eventCount(gemeente);

      const response = await beheerder().put(`/api/v1/gemeenten/${gemeente}/instellingen`, { drempelBedrag: '5.00' }).set('Idempotency-Key', `k-${gemeente}`);

      expect(response.status).toBe(422);
      expect(problemOf(response).detail).toMatch(/Idempotency-Key/);
      expect(await t.eventCount(gemeente)).toBe(count);
    });
  });

  describe('verificatie', () => {
    it('given a chain altered with the guard disabled, then verificatie answers geldig false with that position', async () => {
      const gemeente = freshGemeente();
      await beheerder().post('/api/v1/gemeenten', { code: gemeente, naam: 'Zwolle' }).expect(201);
      await beheerder().post(`/api/v1/gemeenten/${gemeente}/reserves`, { code: 'AR', naam: 'Algemene reserve', soort: 'algemeen', beginsaldo: '100000.00', peildatum: '2024-01-01' }).expect(201);
      await beheerder().put(`/api/v1/gemeenten/${gemeente}/instellingen`, { drempelBedrag: '50000.00' }).expect(201);
      const auditor = t.as(['auditor'], [gemeente]);
      const before = await auditor.get('/api/v1/verificatie').expect(200);
      expect(before.body).toMatchObject({ geldig: true, aantalEvents: 3, kopPositie: 3, eersteFout: null });

      const runner = t.dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.query(`SET session_replication_role = replica`);
        await runner.query(`UPDATE events SET data = jsonb_set(data, '{beginsaldo}', '"900000.00"') WHERE gemeente = $1 AND positie = 2`, [gemeente]);
        await runner.query(`SET session_replication_role = origin`);
      } finally {
        await runner.release();
      }
      const after = await auditor.get('/api/v1/verificatie').expect(200);
      const rechecked = await auditor.get(`/api/v1/verificatie?totPositie=3&verwachteHash=${before.body.kopHash}`).expect(200);

      expect(after.body.geldig).toBe(false);
      expect(after.body.eersteFout.positie).toBe(2);
      expect(rechecked.body.geldig).toBe(false);
    });
  });
});
