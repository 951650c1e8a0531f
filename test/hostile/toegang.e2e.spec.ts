import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { ROLLEN, type Rol } from '../../src/auth/principal';
import { signToken } from '../../src/auth/tokens';
import { besluit, legDoelenVast, registreerGemeente, vaststellingRegel } from '../support/scenarios';
import { type TestApp, freshGemeente, startTestApp } from '../support/test-app';

/**
 * Issue 5, item 2: the access matrix, generated from the routes the running service serves.
 *
 * The routes come from the app itself (the published OpenAPI document and Express's router), and the
 * first test fails when one of them is not classified in ROUTES below, so a new route cannot escape the
 * matrix. For every route × role (and no token, and six kinds of bad token) × own and other gemeente
 * the status must be the one of API.md, "Authentication and roles":
 *
 * - 401 without a token or with a bad one, except the public routes (gezondheid, openapi.json, docs, and the
 *   dashboard's static files, which carry no data);
 * - reads 200 for the four roles within their gemeenten (verificatie: auditor and beheerder only);
 * - writes 201 (herbouw 200) for the allowed roles with a valid body, 403 for the others; the role
 *   guard answers before validation, so a forbidden role gets 403 for an invalid body too, while an
 *   allowed role gets 400 for it. Two checks sit in the handler, after validation: registering a
 *   gemeente the token does not cover (the code is in the body, so an invalid body is a 400 first) and
 *   a rebuild by a beheerder without ["*"]. Body parsing is Express middleware and runs before any
 *   guard: malformed JSON is a 400 and an oversized body a 413 even without a token (nothing leaks);
 * - another tenant: reads 404 and writes 403, and the answer is the same bytes (status, body, headers
 *   other than Date and ETag) as the same token gets for a gemeente that does not exist, apart from the
 *   code in the path, and contains none of the other gemeente's names, codes, amounts or event ids; the
 *   404 has the shape of the genuine 404 a covering token gets for an unregistered gemeente.
 *
 * The figures (cells checked, cross-tenant answers, leaks) are printed after the suite for the README.
 */

const API = '/api/v1';
const JAAR = 2024;

type Methode = 'GET' | 'HEAD' | 'POST' | 'PUT';

/** A gemeente with one doel, reserve and krediet, an adopted 2024 and one realisation (and 2025 with doelen, not adopted). */
interface Wereld {
  gemeente: string;
  naam: string;
  doel: string;
  reserve: string;
  krediet: string;
  realisatieId: string;
}

/** Where a route takes its gemeente from, which decides what "own" and "other" gemeente mean for it. */
type Reikwijdte =
  | 'pad' // `{gm}` in the path
  | 'body' // `code` in the body (registering a gemeente)
  | 'query' // `?gemeente=` (verificatie)
  | 'alle'; // every gemeente at once (herbouw): own is a token for ["*"], other a token for one gemeente

type Route =
  /** `probeer`: the URL to ask when the route's path has a parameter (default: the path itself). */
  | { soort: 'openbaar'; probeer?: string }
  /** `methode`: the method to ask with (default GET); a route that serves GET is probed for a method miss. */
  | { soort: 'terugval'; probeer: string; methode?: Methode }
  | { soort: 'lezen'; rollen: readonly Rol[]; reikwijdte: 'pad' | 'query'; query?: string }
  | {
      soort: 'schrijven';
      rollen: readonly Rol[];
      reikwijdte: Reikwijdte;
      succes: 200 | 201;
      jaar?: number;
      /** A string is sent as text/csv (the import); an object as JSON. */
      body?: (wereld: Wereld) => object | string;
      query?: string;
    };

const ALLE_ROLLEN: readonly Rol[] = ROLLEN;
const G = `${API}/gemeenten/{gm}`;
const B = `${G}/begrotingen/{jaar}`;
const wijzigingBody = (w: Wereld) => ({
  kenmerk: `W-${randomUUID().slice(0, 8)}`,
  besluit: besluit('2024-06-27'),
  onderdelen: [{ titel: 'Bijstelling', budgettairNeutraal: false, aard: 'incidenteel', regels: [{ doel: w.doel, kolom: 'lasten', bedrag: '100.00' }] }],
});

/**
 * The expectation table: every route the service serves, keyed `METHOD /path` with OpenAPI-style
 * parameters. A route that is not here fails the first test; a route here that is not served fails it too.
 */
const ROUTES: Record<string, Route> = {
  // Public: liveness and the published API description (API.md, Running).
  [`GET ${API}/gezondheid`]: { soort: 'openbaar' },
  [`GET ${API}/openapi.json`]: { soort: 'openbaar' },
  [`GET ${API}/docs-yaml`]: { soort: 'openbaar' },
  [`GET ${API}/docs`]: { soort: 'openbaar' },
  [`GET ${API}/docs/`]: { soort: 'openbaar' },
  [`GET ${API}/docs/index.html`]: { soort: 'openbaar' },
  [`GET ${API}/docs/swagger-ui-init.js`]: { soort: 'openbaar' },
  [`GET ${API}/docs/docs/swagger-ui-init.js`]: { soort: 'openbaar' },
  // The dashboard (issue 8): static files without data, so without a token; every figure on its pages
  // comes through the API routes below, with the user's token.
  'GET /': { soort: 'openbaar' },
  'GET /dashboard/{bestand}': { soort: 'openbaar', probeer: '/dashboard/app.js' },
  // Nest's not-found handlers: a problem 404 for anything else, with or without a token. Nest mounts
  // one on each path excluded from the API prefix, for the methods that path does not serve.
  'ALL /': { soort: 'terugval', probeer: '/', methode: 'POST' },
  'ALL /dashboard/{bestand}': { soort: 'terugval', probeer: '/dashboard/app.js', methode: 'PUT' },
  // @nestjs/swagger registers it only to answer 404 (the UI's licence file is not served).
  [`GET ${API}/docs/LICENSE`]: { soort: 'terugval', probeer: `${API}/docs/LICENSE` },
  'ALL (subrouter) *path': { soort: 'terugval', probeer: `${API}/bestaat-niet` },

  // Registration (beheerder).
  [`POST ${API}/gemeenten`]: { soort: 'schrijven', rollen: ['beheerder'], reikwijdte: 'body', succes: 201, body: (w) => ({ code: w.gemeente, naam: w.naam }) },
  [`PUT ${G}/instellingen`]: { soort: 'schrijven', rollen: ['beheerder'], reikwijdte: 'pad', succes: 201, body: () => ({ drempelBedrag: '50000.00', drempelPercentage: '10.0' }) },
  [`PUT ${B}/doelen`]: { soort: 'schrijven', rollen: ['beheerder'], reikwijdte: 'pad', succes: 201, body: () => ({ doelen: [{ code: '9.1', naam: 'Nieuw doel' }] }) },
  [`POST ${G}/reserves`]: {
    soort: 'schrijven', rollen: ['beheerder'], reikwijdte: 'pad', succes: 201,
    body: () => ({ code: 'RES-NIEUW', naam: 'Nieuwe reserve', soort: 'algemeen', beginsaldo: '1000.00', peildatum: '2024-01-01' }),
  },
  [`POST ${G}/kredieten`]: {
    soort: 'schrijven', rollen: ['beheerder'], reikwijdte: 'pad', succes: 201,
    body: (w) => ({ code: 'KR-NIEUW', naam: 'Nieuw krediet', doel: w.doel, omvang: '1000.00', besluit: besluit('2024-03-01') }),
  },
  [`POST ${G}/kredieten/{code}/wijzigingen`]: { soort: 'schrijven', rollen: ['beheerder'], reikwijdte: 'pad', succes: 201, body: () => ({ bedrag: '500.00', besluit: besluit('2024-05-01') }) },
  [`POST ${G}/reserves/{code}/balanssaldi`]: { soort: 'schrijven', rollen: ['accountant'], reikwijdte: 'pad', succes: 201, body: () => ({ datum: '2024-12-31', saldo: '100.00' }) },

  // The budget year.
  [`POST ${B}/vaststelling`]: {
    soort: 'schrijven', rollen: ['controller'], reikwijdte: 'pad', succes: 201, jaar: 2025,
    body: (w) => ({ besluit: besluit('2024-11-07', 'Begroting 2025'), regels: [vaststellingRegel(w.doel, '1000.00')] }),
  },
  [`POST ${B}/projectmutaties`]: { soort: 'schrijven', rollen: ['controller'], reikwijdte: 'pad', succes: 201, body: (w) => ({ krediet: w.krediet, doel: w.doel, bedrag: '100.00', datum: '2024-06-01' }) },
  [`POST ${B}/wijzigingen`]: { soort: 'schrijven', rollen: ['controller'], reikwijdte: 'pad', succes: 201, body: wijzigingBody },
  [`POST ${B}/realisaties`]: { soort: 'schrijven', rollen: ['accountant'], reikwijdte: 'pad', succes: 201, body: (w) => ({ datum: '2024-06-01', regels: [{ doel: w.doel, kolom: 'lasten', bedrag: '100.00' }] }) },
  [`POST ${B}/reservemutaties`]: {
    soort: 'schrijven', rollen: ['accountant'], reikwijdte: 'pad', succes: 201,
    body: (w) => ({ reserve: w.reserve, doel: w.doel, soort: 'toevoeging', bedrag: '100.00', datum: '2024-06-01' }),
  },
  [`POST ${B}/toelichtingen`]: { soort: 'schrijven', rollen: ['controller'], reikwijdte: 'pad', succes: 201, body: (w) => ({ doel: w.doel, tekst: 'Verklaring van het verschil.' }) },
  [`POST ${B}/jaarrekening`]: { soort: 'schrijven', rollen: ['controller'], reikwijdte: 'pad', succes: 201, body: () => ({ besluit: besluit('2025-07-03', 'Jaarrekening 2024') }) },
  [`POST ${B}/correcties`]: {
    soort: 'schrijven', rollen: ['accountant'], reikwijdte: 'pad', succes: 201,
    body: (w) => ({ corrigeert: w.realisatieId, reden: 'Dubbel geboekte factuur', regels: [{ doel: w.doel, kolom: 'lasten', bedrag: '-10.00' }] }),
  },
  [`POST ${API}/beheer/projecties/herbouw`]: { soort: 'schrijven', rollen: ['beheerder'], reikwijdte: 'alle', succes: 200 },
  // An import of realisaties is the accountant's (a vaststelling or wijziging import the controller's).
  [`POST ${B}/importen`]: {
    soort: 'schrijven', rollen: ['accountant'], reikwijdte: 'pad', succes: 201, query: 'soort=realisatie&datum=2024-06-01',
    body: (w) => `doel;kolom;bedrag\n${w.doel};lasten;100,00\n`,
  },

  // Reads: every role within its gemeenten.
  [`GET ${B}/doelen/{doel}/overzicht`]: { soort: 'lezen', rollen: ALLE_ROLLEN, reikwijdte: 'pad' },
  [`GET ${B}/verschillenanalyse`]: { soort: 'lezen', rollen: ALLE_ROLLEN, reikwijdte: 'pad' },
  [`GET ${B}/overzicht-baten-en-lasten`]: { soort: 'lezen', rollen: ALLE_ROLLEN, reikwijdte: 'pad' },
  [`GET ${B}/doelen/{doel}/historie`]: { soort: 'lezen', rollen: ALLE_ROLLEN, reikwijdte: 'pad' },
  [`GET ${G}/reserves/{code}/staat`]: { soort: 'lezen', rollen: ALLE_ROLLEN, reikwijdte: 'pad', query: `jaar=${JAAR}` },
  [`GET ${G}/reserves/{code}/historie`]: { soort: 'lezen', rollen: ALLE_ROLLEN, reikwijdte: 'pad' },
  [`GET ${G}/kredieten/{code}/overzicht`]: { soort: 'lezen', rollen: ALLE_ROLLEN, reikwijdte: 'pad', query: `jaar=${JAAR}` },
  [`GET ${G}/kredieten/{code}/historie`]: { soort: 'lezen', rollen: ALLE_ROLLEN, reikwijdte: 'pad' },
  [`GET ${API}/verificatie`]: { soort: 'lezen', rollen: ['auditor', 'beheerder'], reikwijdte: 'query' },
};

/** What the beheerder may do: everything (API.md); other roles what the route names. */
const mag = (rol: Rol, rollen: readonly Rol[]) => rol === 'beheerder' || rollen.includes(rol);

interface Verzoek {
  methode: Methode;
  url: string;
  authorization?: string;
  body?: object | string;
}

/** What the figures for the README count. */
const cijfers = { routes: 0, cellen: 0, verzoeken: 0, kruisTenantGeldigToken: 0, kruisTenantSlechtToken: 0, gelekt: 0 };

describe('toegang: the access matrix over every route the service serves', () => {
  let t: TestApp;
  let eigen: Wereld;
  let ander: Wereld;
  /** A gemeente code that is never registered. */
  let onbekend: string;
  /** Everything of the other gemeente that must never reach a token without it. */
  let geheimen: string[];
  /** The routes the running app serves, keyed as in ROUTES. */
  let bediend: string[];
  const gestart = Date.now();

  beforeAll(async () => {
    t = await startTestApp();
    eigen = await richIn({ naam: 'Eigendorp', doel: '5.1', doelNaam: 'Zelfredzaam', reserve: 'AR', krediet: 'KR-EIGEN', lasten: '2500000.00', beginsaldo: '100000.00', omvang: '875000.00', realisatie: '1961775.00' });
    ander = await richIn({
      naam: 'Vreemdervoort', doel: '7.4.2', doelNaam: 'Geheime jeugdzorg Vreemdervoort', reserve: 'RES-VREEMD', krediet: 'KR-VREEMD',
      lasten: '7771234.56', beginsaldo: '4242424.17', omvang: '3131313.29', realisatie: '1234987.65',
    });
    onbekend = freshGemeente();
    const eventIds = ((await t.dataSource.query('SELECT event_id FROM events WHERE gemeente = $1', [ander.gemeente])) as { event_id: string }[]).map((row) => row.event_id);
    geheimen = [
      ander.naam, 'Geheime jeugdzorg', 'Reserve Vreemd', 'Krediet Vreemd',
      ...['7771234.56', '4242424.17', '3131313.29', '1234987.65'].flatMap((bedrag) => [bedrag, bedrag.replace('.', ','), bedrag.slice(0, -3)]),
      ...eventIds,
    ];
    bediend = await bediendeRoutes();
  });

  afterAll(async () => {
    const duurS = ((Date.now() - gestart) / 1000).toFixed(1);
    // One line for the README's reliability section.
    console.log(
      `toegang: ${cijfers.routes} routes, ${cijfers.cellen} cellen (route × rol of token × eigen/andere gemeente), ${cijfers.verzoeken} verzoeken; ` +
        `antwoorden over een andere gemeente gecontroleerd: ${cijfers.kruisTenantGeldigToken} met een geldig token, ${cijfers.kruisTenantSlechtToken} zonder of met een slecht token; ` +
        `${cijfers.gelekt} gelekt; ${duurS} s`,
    );
    await t.close();
  });

  interface WereldSpec {
    naam: string;
    doel: string;
    doelNaam: string;
    reserve: string;
    krediet: string;
    lasten: string;
    beginsaldo: string;
    omvang: string;
    realisatie: string;
  }

  /** A fresh gemeente with a small real history, written through the API. */
  async function richIn(spec: WereldSpec): Promise<Wereld> {
    const gemeente = freshGemeente();
    const beheerder = t.as(['beheerder'], ['*']);
    await registreerGemeente(t, gemeente, spec.naam);
    await legDoelenVast(t, gemeente, JAAR, [{ code: spec.doel, naam: spec.doelNaam }]);
    await legDoelenVast(t, gemeente, JAAR + 1, [{ code: spec.doel, naam: spec.doelNaam }]);
    await beheerder
      .post(`${API}/gemeenten/${gemeente}/reserves`, { code: spec.reserve, naam: `Reserve ${spec.naam.slice(0, 6)}`, soort: 'bestemming', beginsaldo: spec.beginsaldo, peildatum: '2024-01-01' })
      .expect(201);
    await beheerder
      .post(`${API}/gemeenten/${gemeente}/kredieten`, { code: spec.krediet, naam: `Krediet ${spec.naam.slice(0, 6)}`, doel: spec.doel, omvang: spec.omvang, besluit: besluit('2023-11-09') })
      .expect(201);
    const basis = `${API}/gemeenten/${gemeente}/begrotingen/${JAAR}`;
    await t.as(['controller'], [gemeente]).post(`${basis}/vaststelling`, { besluit: besluit('2023-11-09', 'Begroting 2024'), regels: [vaststellingRegel(spec.doel, spec.lasten)] }).expect(201);
    const realisatie = await t
      .as(['accountant'], [gemeente])
      .post(`${basis}/realisaties`, { datum: '2024-12-31', regels: [{ doel: spec.doel, kolom: 'lasten', bedrag: spec.realisatie }] })
      .expect(201);
    return { gemeente, naam: spec.naam, doel: spec.doel, reserve: spec.reserve, krediet: spec.krediet, realisatieId: realisatie.body.eventId as string };
  }

  /** A fresh gemeente for one allowed write, so every write meets a state that accepts it. */
  const verseWereld = () => richIn({ naam: 'Nieuwdorp', doel: '5.1', doelNaam: 'Zelfredzaam', reserve: 'AR', krediet: 'KR-EIGEN', lasten: '2500000.00', beginsaldo: '100000.00', omvang: '875000.00', realisatie: '1961775.00' });

  /** The routes of the running app: the OpenAPI document's operations and every route in Express's router. */
  async function bediendeRoutes(): Promise<string[]> {
    const { body: document } = await t.http().get(`${API}/openapi.json`).expect(200);
    const server = (document.servers as { url: string }[])[0].url;
    const uitOpenApi = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([pad, operaties]) =>
      Object.keys(operaties)
        .filter((methode) => ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(methode))
        .map((methode) => `${methode.toUpperCase()} ${server}${pad}`),
    );
    const uitRouter = routerRoutes(t.app.getHttpAdapter().getInstance());
    return [...new Set([...uitOpenApi, ...uitRouter])].sort();
  }

  interface RouterLayer {
    name?: string;
    route?: { path: string; methods: Record<string, boolean> };
    handle?: { stack?: RouterLayer[] };
  }

  /** Every route layer of Express's router, also inside mounted sub-routers (bounded depth). */
  function routerRoutes(express: { router: { stack: RouterLayer[] } }): string[] {
    const MAX_DIEPTE = 4;
    const routes: string[] = [];
    const loop = (stack: RouterLayer[], diepte: number) => {
      for (const layer of stack) {
        if (layer.route) {
          const methoden = Object.keys(layer.route.methods).map((m) => m.toUpperCase());
          // `router.all` marks a route `_all` (Express 5); `app.all` lists every method.
          const alles = methoden.includes('_ALL') || ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].every((m) => methoden.includes(m));
          const pad = layer.route.path.replace(/:(\w+)/g, '{$1}');
          const sleutel = (methode: string) => (diepte === 0 ? `${methode} ${pad}` : `${methode} (subrouter) ${pad}`);
          if (alles) routes.push(sleutel('ALL'));
          else for (const methode of methoden) routes.push(sleutel(methode));
        } else if (layer.handle?.stack && diepte < MAX_DIEPTE) {
          loop(layer.handle.stack, diepte + 1);
        }
      }
    };
    loop(express.router.stack, 0);
    return routes;
  }

  const methodeVan = (sleutel: string) => sleutel.slice(0, sleutel.indexOf(' ')) as Methode;
  const sjabloonVan = (sleutel: string) => sleutel.slice(sleutel.indexOf(' ') + 1);

  /** The concrete URL of a route for a world: its path parameters and required query filled in. */
  function urlVoor(sleutel: string, route: Route, w: Wereld, gemeente = w.gemeente): string {
    const sjabloon = sjabloonVan(sleutel);
    const jaar = route.soort === 'schrijven' && route.jaar ? route.jaar : JAAR;
    const code = sjabloon.includes('/reserves/{code}') ? w.reserve : w.krediet;
    const pad = sjabloon.replace('{gm}', gemeente).replace('{jaar}', String(jaar)).replace('{doel}', w.doel).replace('{code}', code);
    const query = route.soort === 'lezen' ? [route.query, route.reikwijdte === 'query' ? `gemeente=${gemeente}` : undefined].filter(Boolean).join('&') : route.soort === 'schrijven' ? (route.query ?? '') : '';
    return query ? `${pad}?${query}` : pad;
  }

  async function stuur(verzoek: Verzoek): Promise<Response> {
    cijfers.verzoeken += 1;
    const http = t.http();
    let test = { GET: () => http.get(verzoek.url), HEAD: () => http.head(verzoek.url), POST: () => http.post(verzoek.url), PUT: () => http.put(verzoek.url) }[verzoek.methode]();
    if (verzoek.authorization !== undefined) test = test.set('Authorization', verzoek.authorization);
    if (typeof verzoek.body === 'string') return test.set('Content-Type', 'text/csv').send(verzoek.body);
    return verzoek.body === undefined ? test : test.send(verzoek.body);
  }

  const bearer = (rol: Rol, gemeenten: string[]) => `Bearer ${t.token([rol], gemeenten, `toegang-${rol}`)}`;

  /** The other gemeente's names, amounts and event ids found in an answer (code, headers or text). */
  function gevondenGeheimen(response: Response): string[] {
    const tekst = `${JSON.stringify(response.headers)}\n${response.text ?? ''}`.toLowerCase();
    return geheimen.filter((geheim) => tekst.includes(geheim.toLowerCase()));
  }

  /** An answer as bytes, with the gemeente code of the path replaced, and without the headers that follow the body or the clock. */
  function vorm(response: Response, gemeente: string): string {
    const headers = Object.entries(response.headers as Record<string, string>)
      .filter(([naam]) => !['date', 'etag', 'connection'].includes(naam))
      .sort(([a], [b]) => a.localeCompare(b));
    return JSON.stringify({ status: response.status, headers, body: response.text ?? '' }).split(gemeente).join('{gm}');
  }

  const beschrijf = (sleutel: string, wie: string, tenant: string, response: Response) =>
    `${sleutel} als ${wie} (${tenant}): kreeg ${response.status} ${(response.text ?? '').slice(0, 200)}`;

  const isProblem = (response: Response) => /^application\/problem\+json/.test(String(response.headers['content-type']));

  it('given the running app, then every route it serves is classified in the table, and the table names only routes it serves', () => {
    const ongeclassificeerd = bediend.filter((sleutel) => !(sleutel in ROUTES));
    const verouderd = Object.keys(ROUTES).filter((sleutel) => !bediend.includes(sleutel));
    cijfers.routes = bediend.length;

    expect(ongeclassificeerd).toEqual([]);
    expect(verouderd).toEqual([]);
  });

  describe('401: who are you', () => {
    const slechteTokens = (): Record<string, string | undefined> => {
      const claims = { sub: 'indringer', rollen: ['beheerder' as Rol], gemeenten: ['*'] };
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const payload = Buffer.from(JSON.stringify({ ...claims, exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
      return {
        'geen token': undefined,
        'een token van een ander geheim': `Bearer ${signToken('een-ander-geheim-van-voldoende-lengte', claims)}`,
        'een verlopen token': `Bearer ${signToken(t.secret, claims, -60)}`,
        'een ongetekend token (alg none)': `Bearer ${header}.${payload}.`,
        'een token met een onbekende rol': `Bearer ${signToken(t.secret, { ...claims, rollen: ['superuser' as Rol] })}`,
        'onzin als token': 'Bearer abc.def.ghi',
        'een ander schema (Basic)': `Basic ${Buffer.from('beheerder:geheim').toString('base64')}`,
      };
    };

    it('given no token or a bad one, when any route is asked for the own or another gemeente, then 401 except the public routes, identical for both gemeenten and nothing written', async () => {
      const afwijkingen: string[] = [];
      const eventsVooraf = await t.eventCount();

      for (const sleutel of bediend) {
        const route = ROUTES[sleutel];
        if (!route) continue;
        for (const [wie, authorization] of Object.entries(slechteTokens())) {
          const antwoorden: Response[] = [];
          for (const [tenant, w] of [['eigen', eigen], ['andere', ander]] as const) {
            cijfers.cellen += 1;
            const url = route.soort === 'terugval' ? route.probeer : route.soort === 'openbaar' ? (route.probeer ?? sjabloonVan(sleutel)) : urlVoor(sleutel, route, w);
            const methode = route.soort === 'terugval' ? (route.methode ?? 'GET') : methodeVan(sleutel);
            const response = await stuur({ methode, url, authorization, body: route.soort === 'schrijven' ? route.body?.(w) : undefined });
            antwoorden.push(response);
            const verwacht = route.soort === 'openbaar' ? 200 : route.soort === 'terugval' ? 404 : 401;
            if (response.status !== verwacht) afwijkingen.push(`verwacht ${verwacht}: ${beschrijf(sleutel, wie, tenant, response)}`);
            if (verwacht === 401 && (response.headers['www-authenticate'] !== 'Bearer' || !isProblem(response) || !/^Geen toegang: /.test(response.body.detail))) {
              afwijkingen.push(`401 zonder WWW-Authenticate, problem+json of Nederlandse uitleg: ${beschrijf(sleutel, wie, tenant, response)}`);
            }
            if (tenant === 'andere' && route.soort !== 'openbaar' && route.soort !== 'terugval') cijfers.kruisTenantSlechtToken += 1;
            if (gevondenGeheimen(response).length > 0) {
              cijfers.gelekt += 1;
              afwijkingen.push(`lekt ${gevondenGeheimen(response).join(', ')}: ${beschrijf(sleutel, wie, tenant, response)}`);
            }
          }
          if (route.soort !== 'openbaar' && route.soort !== 'terugval' && vorm(antwoorden[0], eigen.gemeente) !== vorm(antwoorden[1], ander.gemeente)) {
            afwijkingen.push(`401 verschilt tussen eigen en andere gemeente: ${sleutel} met ${wie}`);
          }
        }
      }

      expect(afwijkingen).toEqual([]);
      expect(await t.eventCount()).toBe(eventsVooraf);
    });
  });

  describe('own gemeente: the roles of API.md', () => {
    it('given each role with a token for its own gemeente, when it reads, then 200 for the roles that may read and 403 for the others', async () => {
      const afwijkingen: string[] = [];

      for (const sleutel of bediend) {
        const route = ROUTES[sleutel];
        if (route?.soort !== 'lezen') continue;
        for (const rol of ROLLEN) {
          cijfers.cellen += 1;
          const response = await stuur({ methode: 'GET', url: urlVoor(sleutel, route, eigen), authorization: bearer(rol, [eigen.gemeente]) });
          const verwacht = mag(rol, route.rollen) ? 200 : 403;
          if (response.status !== verwacht) afwijkingen.push(`verwacht ${verwacht}: ${beschrijf(sleutel, rol, 'eigen', response)}`);
          if (gevondenGeheimen(response).length > 0) afwijkingen.push(`lekt ${gevondenGeheimen(response).join(', ')}: ${beschrijf(sleutel, rol, 'eigen', response)}`);
          if (response.text?.includes(ander.gemeente)) afwijkingen.push(`noemt de andere gemeente: ${beschrijf(sleutel, rol, 'eigen', response)}`);
        }
      }

      expect(afwijkingen).toEqual([]);
    });

    it('given an auditor of one gemeente, when it asks verificatie without naming a gemeente, then it gets its own chain and nothing of another', async () => {
      const response = await stuur({ methode: 'GET', url: `${API}/verificatie`, authorization: bearer('auditor', [eigen.gemeente]) });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ gemeente: eigen.gemeente, geldig: true, aantalEvents: 7 });
      expect(response.text).not.toContain(ander.gemeente);
    });

    it('given each role with a token for its own gemeente, when it writes a valid body, then the allowed roles get 201 (herbouw 200) and the others 403, also for an invalid body: the role guard answers before validation', async () => {
      const afwijkingen: string[] = [];

      for (const sleutel of bediend) {
        const route = ROUTES[sleutel];
        if (route?.soort !== 'schrijven') continue;
        const methode = methodeVan(sleutel);
        for (const rol of ROLLEN) {
          cijfers.cellen += 1;
          if (mag(rol, route.rollen)) {
            // A state that accepts this write: a fresh gemeente, or for registration a code not yet registered.
            const w = route.reikwijdte === 'body' ? { ...eigen, gemeente: freshGemeente(), naam: 'Nieuwstad' } : route.reikwijdte === 'alle' ? eigen : await verseWereld();
            const gemeenten = route.reikwijdte === 'alle' ? ['*'] : [w.gemeente];
            const response = await stuur({ methode, url: urlVoor(sleutel, route, w), authorization: bearer(rol, gemeenten), body: route.body?.(w) });
            if (response.status !== route.succes) afwijkingen.push(`verwacht ${route.succes}: ${beschrijf(sleutel, rol, 'eigen', response)}`);
            if (route.body) {
              // Authorised, then validated: an empty body is a 400 that names the fields.
              const ongeldig = await stuur({ methode, url: urlVoor(sleutel, route, w), authorization: bearer(rol, gemeenten), body: {} });
              if (ongeldig.status !== 400 || !isProblem(ongeldig)) afwijkingen.push(`verwacht 400 voor een lege body: ${beschrijf(sleutel, rol, 'eigen', ongeldig)}`);
            }
          } else {
            const w = route.reikwijdte === 'body' ? { ...eigen, gemeente: freshGemeente(), naam: 'Nieuwstad' } : eigen;
            const gemeenten = route.reikwijdte === 'alle' ? ['*'] : [w.gemeente];
            const eventsVooraf = await t.eventCount();
            for (const body of route.body ? [route.body(w), {}, { onzin: [1, 2, 3] }] : [undefined]) {
              const response = await stuur({ methode, url: urlVoor(sleutel, route, w), authorization: bearer(rol, gemeenten), body });
              if (response.status !== 403 || !isProblem(response) || !/rol/.test(response.body.detail)) {
                afwijkingen.push(`verwacht 403 die de rol noemt (body ${JSON.stringify(body)}): ${beschrijf(sleutel, rol, 'eigen', response)}`);
              }
            }
            if ((await t.eventCount()) !== eventsVooraf) afwijkingen.push(`${sleutel} als ${rol}: een geweigerd verzoek schreef events`);
          }
        }
      }

      expect(afwijkingen).toEqual([]);
    });

    it('given a beheerder of one gemeente, when it asks a rebuild of all read models, then 403 naming the rule: a rebuild needs ["*"]', async () => {
      const response = await stuur({ methode: 'POST', url: `${API}/beheer/projecties/herbouw`, authorization: bearer('beheerder', [eigen.gemeente]) });

      expect(response.status).toBe(403);
      expect(response.body.detail).toMatch(/herbouw raakt alle gemeenten/);
    });
  });

  describe('another gemeente: 404 for reads, 403 for writes, and nothing revealed', () => {
    it('given each role with a token for its own gemeente, when it reads or writes another, then 404 or 403, the same bytes as for a gemeente that does not exist, and none of the other\'s names, amounts or ids', async () => {
      const afwijkingen: string[] = [];
      const eventsVooraf = await t.eventCount();

      for (const sleutel of bediend) {
        const route = ROUTES[sleutel];
        if (route?.soort !== 'lezen' && route?.soort !== 'schrijven') continue;
        const methode = methodeVan(sleutel);
        for (const rol of ROLLEN) {
          cijfers.cellen += 1;
          const authorization = bearer(rol, [eigen.gemeente]);
          const vraag = (gemeente: string) =>
            route.reikwijdte === 'body'
              ? stuur({ methode, url: urlVoor(sleutel, route, ander), authorization, body: route.body?.({ ...ander, gemeente }) })
              : stuur({ methode, url: urlVoor(sleutel, route, ander, gemeente), authorization, body: route.soort === 'schrijven' ? route.body?.(ander) : undefined });
          const bestaand = await vraag(ander.gemeente);
          const nietBestaand = await vraag(onbekend);
          cijfers.kruisTenantGeldigToken += 1;

          // Reads answer 404; a role that may not use the route at all (verificatie for a controller) hears 403 first.
          const verwacht = route.soort === 'schrijven' ? 403 : mag(rol, route.rollen) ? 404 : 403;
          const fouten: string[] = [];
          if (bestaand.status !== verwacht || !isProblem(bestaand)) fouten.push(`verwacht ${verwacht} problem+json: ${beschrijf(sleutel, rol, 'andere', bestaand)}`);
          const gevonden = gevondenGeheimen(bestaand);
          if (gevonden.length > 0) fouten.push(`lekt ${gevonden.join(', ')}: ${beschrijf(sleutel, rol, 'andere', bestaand)}`);
          if (route.reikwijdte !== 'alle' && vorm(bestaand, ander.gemeente) !== vorm(nietBestaand, onbekend)) {
            fouten.push(`verraadt dat de gemeente bestaat: ${sleutel} als ${rol}\n  bestaand:      ${vorm(bestaand, ander.gemeente)}\n  niet-bestaand: ${vorm(nietBestaand, onbekend)}`);
          }
          if (route.soort === 'lezen') {
            // Express answers HEAD with the GET route: the same guard, the same answer without a body.
            const kop = (gemeente: string) => stuur({ methode: 'HEAD', url: urlVoor(sleutel, route, ander, gemeente), authorization });
            const [kopBestaand, kopNietBestaand] = [await kop(ander.gemeente), await kop(onbekend)];
            cijfers.kruisTenantGeldigToken += 1;
            if (kopBestaand.status !== verwacht) fouten.push(`HEAD: verwacht ${verwacht}: ${beschrijf(sleutel, rol, 'andere', kopBestaand)}`);
            if (vorm(kopBestaand, ander.gemeente) !== vorm(kopNietBestaand, onbekend)) fouten.push(`HEAD verraadt dat de gemeente bestaat: ${sleutel} als ${rol}`);
          }
          if (fouten.length > 0) cijfers.gelekt += 1;
          afwijkingen.push(...fouten);
        }
      }

      expect(afwijkingen).toEqual([]);
      expect(await t.eventCount()).toBe(eventsVooraf);
    });

    it('given a beheerder of one gemeente, when it registers another, then 403 only after the body validated: the gemeente is in the body, so an invalid body is a 400', async () => {
      const authorization = bearer('beheerder', [eigen.gemeente]);

      const geldig = await stuur({ methode: 'POST', url: `${API}/gemeenten`, authorization, body: { code: ander.gemeente, naam: 'Kaping' } });
      const ongeldig = await stuur({ methode: 'POST', url: `${API}/gemeenten`, authorization, body: { code: ander.gemeente } });

      expect(geldig.status).toBe(403);
      expect(geldig.body).toMatchObject({ code: 'AUTH.ANDERE_GEMEENTE' });
      expect(ongeldig.status).toBe(400);
      expect(gevondenGeheimen(ongeldig)).toEqual([]);
    });

    /**
     * The guard answers another tenant before any lookup (`RESOURCE.ONBEKEND`, without the code), the read
     * path a gemeente the token covers but that was never registered (`GEMEENTE.ONBEKEND`, naming the code).
     * Both are the same kind of answer; they differ in code and text only, which tells a holder of two
     * tokens nothing about the other tenant (see the test above for the same token).
     */
    it('given a token that covers a gemeente that does not exist, then the 404 another tenant gets has the shape of that genuine 404 and does not even name the code it was asked', async () => {
      const afwijkingen: string[] = [];
      const nogNietGeregistreerd = freshGemeente();
      const gedaante = (response: Response) => ({
        status: response.status,
        headers: Object.keys(response.headers).filter((naam) => !['date', 'etag', 'connection'].includes(naam)).sort(),
        contentType: response.headers['content-type'],
        leden: Object.keys(response.body as object).sort(),
        title: (response.body as { title?: string }).title,
      });

      for (const sleutel of bediend) {
        const route = ROUTES[sleutel];
        // verificatie of a gemeente without events is a valid empty chain (200), so there is no genuine 404 to compare with.
        if (route?.soort !== 'lezen' || route.reikwijdte !== 'pad') continue;
        for (const rol of ROLLEN) {
          cijfers.cellen += 1;
          const echt = await stuur({ methode: 'GET', url: urlVoor(sleutel, route, ander, nogNietGeregistreerd), authorization: bearer(rol, [eigen.gemeente, nogNietGeregistreerd]) });
          const vreemd = await stuur({ methode: 'GET', url: urlVoor(sleutel, route, ander), authorization: bearer(rol, [eigen.gemeente]) });
          cijfers.kruisTenantGeldigToken += 1;

          const fouten: string[] = [];
          if (echt.status !== 404) fouten.push(`verwacht een echte 404: ${beschrijf(sleutel, rol, 'niet geregistreerd', echt)}`);
          if (JSON.stringify(gedaante(vreemd)) !== JSON.stringify(gedaante(echt))) {
            fouten.push(`${sleutel} als ${rol}: de 404 voor een andere tenant heeft een andere vorm dan die voor een gemeente die niet bestaat\n  andere tenant: ${JSON.stringify(gedaante(vreemd))}\n  bestaat niet:  ${JSON.stringify(gedaante(echt))}`);
          }
          if (vreemd.text.includes(ander.gemeente)) fouten.push(`noemt de gevraagde andere gemeente: ${beschrijf(sleutel, rol, 'andere', vreemd)}`);
          if (fouten.length > 0) cijfers.gelekt += 1;
          afwijkingen.push(...fouten);
        }
      }

      expect(afwijkingen).toEqual([]);
    });
  });
});
