import { readdirSync } from 'node:fs';
import { dashboardMap } from '../../src/modules/dashboard/dashboard-bestanden';
import { type TestApp, startTestApp } from '../support/test-app';

/**
 * Issue 8: how the service serves the dashboard's files (the pages themselves are tested in a browser,
 * test/browser/). They answer without a token, carry a strict Content-Security-Policy, and nothing
 * but the files of dashboard/ can be asked for.
 */
describe('dashboard files: served without a token, under a strict policy, and nothing else', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('when / is asked without a token, then the Dutch page comes with a Content-Security-Policy that allows no inline script or style, and the page has none', async () => {
    const response = await t.http().get('/').expect(200);

    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(response.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-cache' });
    expect(response.text).toContain('<html lang="nl">');
    expect(response.text).toContain('<script type="module" src="/dashboard/app.js"></script>');
    // Every script has a src and no element has a style attribute or an inline handler.
    expect(response.text.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
    expect(response.text).not.toMatch(/\sstyle=|\son[a-z]+=/);
  });

  it('when every file in dashboard/ is asked, then each answers with its media type; the page itself only at /', async () => {
    const namen = readdirSync(dashboardMap()).filter((naam) => /\.(js|css|svg)$/.test(naam));
    const mediaTypes = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', svg: 'image/svg+xml' } as Record<string, string>;

    for (const naam of namen) {
      const response = await t.http().get(`/dashboard/${naam}`);
      expect([naam, response.status, response.headers['content-type']]).toEqual([naam, 200, mediaTypes[naam.slice(naam.lastIndexOf('.') + 1)]]);
    }
    expect(namen).toEqual(expect.arrayContaining(['app.js', 'opmaak.js', 'waterval.js', 'begroot.css']));
    const index = await t.http().get('/dashboard/index.html').expect(404);
    expect(index.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('when a file is asked again with its ETag, then 304 without a body', async () => {
    const eerste = await t.http().get('/dashboard/app.js').expect(200);

    const tweede = await t.http().get('/dashboard/app.js').set('If-None-Match', eerste.headers.etag).expect(304);

    expect(eerste.headers.etag).toMatch(/^"[\w-]{27}"$/);
    expect(tweede.text ?? '').toBe('');
  });

  it.each([
    ['an unknown file', '/dashboard/bestaat-niet.js'],
    ['a file outside the folder, encoded', '/dashboard/..%2Fpackage.json'],
    ['a dotted path, encoded', '/dashboard/%2e%2e%2f%2e%2e%2fpackage.json'],
    ['a hidden file', '/dashboard/.env'],
    ['the type-check configuration', '/dashboard/tsconfig.json'],
  ])('when %s is asked, then a 404 problem that shows nothing of the file system', async (_, pad) => {
    const response = await t.http().get(pad);

    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.text).not.toMatch(/begroot@|"dependencies"|compilerOptions/);
  });

  it('when the OpenAPI document is read, then the dashboard is not in it: it is not part of the API', async () => {
    const { body } = await t.http().get('/api/v1/openapi.json').expect(200);

    expect(Object.keys(body.paths).filter((pad) => pad === '/' || pad.startsWith('/dashboard'))).toEqual([]);
  });

  it('given a folder without the dashboard above it, when the files are looked for, then start-up fails naming where it looked', () => {
    expect(() => dashboardMap('/')).toThrow('dashboard/index.html niet gevonden boven /');
  });
});
