import { seed004Walk } from '../support/scenarios';
import { type TestApp, freshGemeente, startTestApp } from '../support/test-app';

/**
 * How a report's JSON goes out (issue 7, part 3): the bytes kept with its state, written as they are,
 * with an ETag a polling client can send back; and the views as of a position, kept once final.
 */
describe('rapportantwoorden', () => {
  let t: TestApp;
  const gemeente = freshGemeente();
  const base = `/api/v1/gemeenten/${gemeente}/begrotingen/2022`;
  const verschillenanalyse = `${base}/verschillenanalyse`;
  const overzicht = `${base}/doelen/2.3.1/overzicht`;

  beforeAll(async () => {
    t = await startTestApp();
    await seed004Walk(t, gemeente);
  });
  afterAll(async () => {
    await t.close();
  });

  const auditor = () => t.as(['auditor'], [gemeente]);
  const boekRealisatie = (bedrag: string) =>
    t.as(['accountant'], [gemeente]).post(`${base}/realisaties`, { datum: '2022-12-31', regels: [{ doel: '2.3.1', kolom: 'lasten', bedrag }] }).expect(201);
  const kop = async () => {
    const [rij] = (await t.dataSource.query(`SELECT positie FROM gemeente_logs WHERE gemeente = $1`, [gemeente])) as { positie: string }[];
    return Number(rij.positie);
  };

  it('given a report, when it is asked as JSON, then the body is its JSON with type, exact length and an ETag', async () => {
    // when
    const antwoord = await auditor().get(verschillenanalyse).buffer(true).expect(200);

    // then
    expect(antwoord.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(antwoord.headers['content-length'])).toBe(Buffer.byteLength(antwoord.text, 'utf8'));
    expect(antwoord.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(JSON.parse(antwoord.text)).toMatchObject({ gemeente, jaar: 2022, tot: { positie: await kop() } });
  });

  it('given a client holding the ETag of a report, when it asks again with If-None-Match, then 304 without a body', async () => {
    // given
    const eerst = await auditor().get(verschillenanalyse).expect(200);

    // when
    const opnieuw = await auditor().get(verschillenanalyse).set('If-None-Match', eerst.headers.etag).expect(304);
    const inLijst = await auditor().get(verschillenanalyse).set('If-None-Match', `"iets-anders", W/${eerst.headers.etag}`).expect(304);

    // then
    expect(opnieuw.headers.etag).toBe(eerst.headers.etag);
    expect(opnieuw.text).toBeFalsy();
    expect(inLijst.headers.etag).toBe(eerst.headers.etag);
    const ander = await auditor().get(verschillenanalyse).set('If-None-Match', '"iets-anders"').buffer(true).expect(200);
    expect(ander.text).toBe(eerst.text);
  });

  it('given a client holding the ETag of a report, when a write changes the report and it asks again with that ETag, then it gets the new report', async () => {
    // given
    const eerst = await auditor().get(overzicht).expect(200);
    await boekRealisatie('100.00');

    // when
    const na = await auditor().get(overzicht).set('If-None-Match', eerst.headers.etag).expect(200);

    // then
    expect(na.headers.etag).not.toBe(eerst.headers.etag);
    expect(na.body.tot.positie).toBe(await kop());
    expect(na.body.tot.positie).toBeGreaterThan(eerst.body.tot.positie);
  });

  it('given a view as of a position below the head, when more events are written, then it stays byte for byte the same', async () => {
    // given
    const positie = (await kop()) - 2;
    const eerst = await auditor().get(`${overzicht}?positie=${positie}`).buffer(true).expect(200);

    // when
    await boekRealisatie('7.00');
    const na = await auditor().get(`${overzicht}?positie=${positie}`).buffer(true).expect(200);

    // then
    expect(na.text).toBe(eerst.text);
    expect(na.headers.etag).toBe(eerst.headers.etag);
    expect(na.body.tot.positie).toBe(positie);
  });

  it('given a view as of a position past the head, when events are written up to that position, then the view shows them', async () => {
    // given
    const kopVoor = await kop();
    const positie = kopVoor + 1;
    const voor = await auditor().get(`${overzicht}?positie=${positie}`).expect(200);
    expect(voor.body.tot.positie).toBe(kopVoor);

    // when
    await boekRealisatie('11.00');
    const na = await auditor().get(`${overzicht}?positie=${positie}`).expect(200);

    // then
    expect(na.body.tot.positie).toBe(positie);
    expect(na.headers.etag).not.toBe(voor.headers.etag);
    expect(na.body).toEqual((await auditor().get(overzicht).expect(200)).body);
  });
});
