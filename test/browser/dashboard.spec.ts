/// <reference lib="dom" />
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Page } from 'playwright-core';
import { signToken } from '../../src/auth/tokens';
import { besluit, legDoelenVast, seed004Walk } from '../support/scenarios';
import { type TestApp, freshGemeente, startTestApp } from '../support/test-app';
import {
  type Browser,
  type BrowserPagina,
  CHROMIUM_ONTBREEKT,
  chromiumAanwezig,
  schermafdruk,
  startBrowser,
  toegankelijkheidsfouten,
  wachtOpWeergave,
  waarschuwOverslaan,
  ZONDER_BROWSER,
} from '../support/browser';

/**
 * Issue 8: the dashboard in a real browser (headless Chromium), on the seed 004 walk (Zwolle
 * jaarrekening 2022, doel 2.3.1 Toegang jeugdhulp) plus a second doel that overspends. Every test reads
 * what the screen shows and compares it with the golden figures of seed 004 and with the JSON API's
 * answer. Screenshots go to test/artifacts/screenshots/.
 */

const overslaan = ZONDER_BROWSER && !chromiumAanwezig();
if (overslaan) waarschuwOverslaan();
const beschrijf = overslaan ? describe.skip : describe;
const titel = overslaan ? 'dashboard in Chromium (OVERGESLAGEN: BEGROOT_ZONDER_BROWSER=1 en geen Chromium)' : 'dashboard in Chromium on the seed 004 walk';

/** The published table of seed 004 (DOMAIN.md, golden example), as the screen must show it. */
const GOUDEN_OVERZICHT: Record<string, [string, string, string, string]> = {
  vastgesteldeBegroting: ['2.852.268', '0', '0', '0'],
  mutatiesProjecten: ['234.989', '0', '0', '234.989'],
  begrotingswijzigingen: ['-891.676', '0', '0', '292.500'],
  begrotingNaWijziging: ['2.195.581', '0', '0', '527.489'],
  jaarrekening: ['1.961.775', '0', '0', '339.796'],
  resultaat: ['233.806', '0', '0', '-187.693'],
};

/** Amounts at the edges; 123456789012345.67 has more significant digits than a double holds. */
const RANDGEVALLEN = ['9999999999999.99', '-9999999999999.99', '123456789012345.67', '1000.00', '999.00', '-0.50', '0.00', '-891676.00', '12.3', '1e5'];

/**
 * An API amount the way the published tables write it, by a route independent of the page's own
 * code: thousands dots by regular expression, cents only when not zero.
 */
function zoalsGepubliceerd(bedrag: string): string {
  const [, teken, geheel, centen] = /^(-?)(\d+)\.(\d{2})$/.exec(bedrag) ?? [];
  if (geheel === undefined) throw new Error(`geen bedrag: ${bedrag}`);
  const gegroepeerd = geheel.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${teken}${gegroepeerd}${centen === '00' ? '' : `,${centen}`}`;
}

beschrijf(titel, () => {
  let t: TestApp;
  let browser: Browser;
  let basisUrl: string;
  const gemeente = freshGemeente();
  const api = `/api/v1/gemeenten/${gemeente}/begrotingen/2022`;
  const open: BrowserPagina[] = [];

  beforeAll(async () => {
    if (!chromiumAanwezig()) throw new Error(CHROMIUM_ONTBREEKT);
    t = await startTestApp();
    await seed004Walk(t, gemeente);
    await tweedeDoelMetOverschrijding();
    await t.app.listen(0, '127.0.0.1');
    basisUrl = `http://127.0.0.1:${((t.app.getHttpServer() as Server).address() as AddressInfo).port}`;
    browser = await startBrowser();
  });

  afterEach(async () => {
    for (const pagina of open.splice(0)) await pagina.page.close();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /**
   * Beside 2.3.1 a doel that spends 150.000 on a budget of 100.000 (overschrijding, below the
   * threshold so no toelichting required) and whose toelichting contains markup.
   */
  async function tweedeDoelMetOverschrijding(): Promise<void> {
    await legDoelenVast(t, gemeente, 2022, [
      { code: '2.3.1', naam: 'Toegang jeugdhulp', programma: '2.3' },
      { code: '2.3.2', naam: 'Jeugdbescherming', programma: '2.3' },
    ]);
    const controller = t.as(['controller'], [gemeente]);
    await controller
      .post(`${api}/wijzigingen`, {
        kenmerk: 'Raadsbesluit jeugdbescherming',
        besluit: besluit('2022-09-15'),
        onderdelen: [{ titel: 'Budget jeugdbescherming', budgettairNeutraal: false, aard: 'incidenteel', regels: [{ doel: '2.3.2', kolom: 'lasten', bedrag: '100000.00' }] }],
      })
      .expect(201);
    await t.as(['accountant'], [gemeente]).post(`${api}/realisaties`, { datum: '2022-12-31', regels: [{ doel: '2.3.2', kolom: 'lasten', bedrag: '150000.00' }] }).expect(201);
    await controller.post(`${api}/toelichtingen`, { doel: '2.3.2', kolom: 'lasten', tekst: '<img src=x onerror="window.__xss=1">Meer <b>spoedplaatsingen</b>' }).expect(201);
  }

  async function nieuwePagina(): Promise<BrowserPagina> {
    const pagina = await browser.nieuwePagina();
    open.push(pagina);
    return pagina;
  }

  /** Signs in through the form and chooses the gemeente and 2022, as a user would. */
  async function meldAan(page: Page, token: string): Promise<void> {
    await openStart(page);
    await page.fill('#token', token);
    await page.press('#token', 'Enter');
    await wachtOpWeergave(page, '#/kies');
    expect(await toegankelijkheidsfouten(page)).toEqual([]);
    await page.selectOption('#gemeente', gemeente);
    await page.fill('#jaar', '2022');
    await page.click('main button[type="submit"]');
    await wachtOpWeergave(page, `#/${gemeente}/2022/verschillen`);
  }

  /** Opens the start page, signed out (a fresh tab has an empty sessionStorage). */
  async function openStart(page: Page): Promise<void> {
    await page.goto(`${basisUrl}/`);
    await wachtOpWeergave(page);
  }

  async function gaNaar(page: Page, hash: string): Promise<void> {
    await page.evaluate((adres) => {
      window.location.hash = adres;
    }, hash);
    await wachtOpWeergave(page, hash);
  }

  const cellen = (page: Page, selector: string) => page.locator(selector).allTextContents().then((teksten) => teksten.map((tekst) => tekst.trim()));
  const auditorToken = () => t.token(['auditor'], [gemeente], 'auditor-rekenkamer');

  it('given no token, when the page is opened, then it is Dutch, sends a strict Content-Security-Policy, asks for a labelled token, and the first Tab reaches a visible skip link', async () => {
    // given
    const { page, fouten } = await nieuwePagina();

    // when
    const antwoord = await page.goto(`${basisUrl}/`);
    await wachtOpWeergave(page, '');
    await page.keyboard.press('Tab');

    // then
    const csp = antwoord?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("form-action 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await page.locator('h1').textContent()).toBe('Aanmelden');
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    expect(await page.locator('label[for="token"]').textContent()).toBe('Token');
    const focus = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const stijl = getComputedStyle(element);
      return { id: element.id, tekst: element.textContent, outline: stijl.outlineStyle, top: element.getBoundingClientRect().top };
    });
    expect(focus).toMatchObject({ id: 'naar-inhoud', tekst: 'Direct naar de inhoud', outline: 'solid' });
    expect(focus.top).toBeGreaterThanOrEqual(0);
    expect(await toegankelijkheidsfouten(page)).toEqual([]);
    await schermafdruk(page, '01-aanmelden');
    expect(fouten).toEqual([]);
  });

  it('given something that is not a token, when it is submitted, then the field says so in Dutch, is marked invalid, and nothing is stored', async () => {
    // given
    const { page, fouten } = await nieuwePagina();
    await openStart(page);

    // when
    await page.fill('#token', 'geen-token');
    await page.press('#token', 'Enter');

    // then
    expect(await page.locator('#token-fout').textContent()).toMatch(/Dit is geen token/);
    expect(await page.getAttribute('#token', 'aria-invalid')).toBe('true');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(fouten).toEqual([]);
  });

  it('given an auditor token, when signed in and Zwolle 2022 chosen, then the verschillenanalyse shows the golden variances and thresholds, and the token sits in sessionStorage only, never in a URL', async () => {
    // given
    const { page, fouten, verzoeken } = await nieuwePagina();
    const token = auditorToken();
    const json = (await t.as(['auditor'], [gemeente]).get(`${api}/verschillenanalyse`).expect(200)).body;

    // when
    await meldAan(page, token);

    // then
    const lasten = await cellen(page, '#verschillen tr[data-doel="2.3.1"][data-kolom="lasten"] > *');
    expect(lasten).toEqual(['2.3.1 Toegang jeugdhulp', 'Lasten', '2.195.581', '1.961.775', '233.806', '10,6%', 'voordelig', 'Ontbreekt (vereist)', 'Toelichting ontbreekt']);
    const onttrekking = await cellen(page, '#verschillen tr[data-doel="2.3.1"][data-kolom="onttrekkingReserves"] > *');
    expect(onttrekking.slice(1, 8)).toEqual(['Onttrekking aan reserves', '527.489', '339.796', '-187.693', '-35,6%', 'nadelig', 'Ontbreekt (vereist)']);
    const uitApi = json.doelen.find((doel: { doel: { code: string } }) => doel.doel.code === '2.3.1').kolommen.onttrekkingReserves;
    expect(onttrekking.slice(2, 5)).toEqual([uitApi.begroot, uitApi.realisatie, uitApi.verschil].map(zoalsGepubliceerd));
    expect(await page.locator('#drempel').textContent()).toBe('Drempel: een toelichting is vereist bij een verschil van € 100.000 of meer; er is geen percentagedrempel.');
    const totaal = await cellen(page, '#totaal tbody tr[data-kolom="lasten"] td');
    expect(totaal.slice(0, 3)).toEqual([json.totaal.kolommen.lasten.begroot, json.totaal.kolommen.lasten.realisatie, json.totaal.kolommen.lasten.verschil].map(zoalsGepubliceerd));
    expect(await page.locator('#verschillen tbody tr').count()).toBe(3); // 2.3.1 lasten and onttrekking, 2.3.2 lasten: empty columns hidden

    expect(await page.evaluate(() => sessionStorage.getItem('begroot.token'))).toBe(token);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(verzoeken.filter((verzoek) => verzoek.url.includes(token) || verzoek.referer?.includes(token))).toEqual([]);
    const apiVerzoeken = verzoeken.filter((verzoek) => verzoek.url.includes('/api/v1/'));
    expect(apiVerzoeken.length).toBeGreaterThan(0);
    expect(apiVerzoeken.every((verzoek) => verzoek.authorization === `Bearer ${token}`)).toBe(true);
    expect(page.url()).not.toContain(token);
    expect(await toegankelijkheidsfouten(page)).toEqual([]);
    await schermafdruk(page, '02-verschillenanalyse');
    expect(fouten).toEqual([]);
  });

  it('given the verschillenanalyse, when the keyboard tabs to the Verschil sort button and presses Enter (twice), then the rows follow the verschil up (then down) and aria-sort says so', async () => {
    // given
    const { page, fouten } = await nieuwePagina();
    await meldAan(page, auditorToken());
    await page.check('#lege-kolommen');
    await page.focus('#lege-kolommen');

    // when
    const MAX_TABS = 20;
    for (let stap = 0; stap < MAX_TABS; stap += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => (document.activeElement as HTMLElement).dataset.sleutel === 'verschil')) break;
    }
    await page.keyboard.press('Enter');
    const oplopend = await cellen(page, '#verschillen tbody tr > td:nth-child(5)');
    const sorteringOplopend = await page.getAttribute('#verschillen th:has(button[data-sleutel="verschil"])', 'aria-sort');
    await page.keyboard.press('Enter');
    const aflopend = await cellen(page, '#verschillen tbody tr > td:nth-child(5)');

    // then
    expect(await page.evaluate(() => {
      const knop = document.activeElement as HTMLElement;
      return { sleutel: knop.dataset.sleutel, outline: getComputedStyle(knop).outlineStyle };
    })).toEqual({ sleutel: 'verschil', outline: 'solid' });
    expect(sorteringOplopend).toBe('ascending');
    expect(await page.getAttribute('#verschillen th:has(button[data-sleutel="verschil"])', 'aria-sort')).toBe('descending');
    expect(await page.locator('#verschillen th[aria-sort]').count()).toBe(1);
    expect(oplopend[0]).toBe('-187.693');
    expect(oplopend[1]).toBe('-50.000');
    expect(oplopend[oplopend.length - 1]).toBe('233.806');
    expect(aflopend).toEqual([...oplopend].reverse());
    expect(aflopend[0]).toBe('233.806');
    expect(aflopend[aflopend.length - 1]).toBe('-187.693');
    expect(await page.locator('#aantal-rijen').textContent()).toBe('8 van 8 rijen, gesorteerd op verschil aflopend.');
    await schermafdruk(page, '03-verschillenanalyse-gesorteerd');
    expect(fouten).toEqual([]);
  });

  it('given the verschillenanalyse, when filtered on a signal, then only the doelen with that signal remain: overschrijding 2.3.2, toelichting ontbreekt 2.3.1', async () => {
    // given
    const { page, fouten } = await nieuwePagina();
    await meldAan(page, auditorToken());

    // when
    await page.selectOption('#signaal', 'overschrijding');
    const metOverschrijding = await page.locator('#verschillen tbody tr').evaluateAll((rijen) => rijen.map((rij) => (rij as HTMLElement).dataset.doel));
    const regel232 = await cellen(page, '#verschillen tr[data-doel="2.3.2"][data-kolom="lasten"] > *');
    await page.selectOption('#signaal', 'toelichtingOntbreekt');
    const zonderToelichting = await page.locator('#verschillen tbody tr').evaluateAll((rijen) => [...new Set(rijen.map((rij) => (rij as HTMLElement).dataset.doel))]);

    // then
    expect(metOverschrijding).toEqual(['2.3.2']);
    expect(regel232).toEqual(['2.3.2 Jeugdbescherming', 'Lasten', '100.000', '150.000', '-50.000', '-50,0%', 'nadelig', '<img src=x onerror="window.__xss=1">Meer <b>spoedplaatsingen</b>', 'Overschrijding']);
    expect(zonderToelichting).toEqual(['2.3.1']);
    // The toelichting's markup stayed text: nothing ran, no image was made.
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('#verschillen img, #verschillen b').count()).toBe(0);
    expect(fouten).toEqual([]);
  });

  it('given a desktop window 1280 pixels wide, when the verschillenanalyse is shown, then the whole table fits beside the page margins, the signals the filter works on included, without scrolling sideways', async () => {
    // given
    const { page, fouten } = await nieuwePagina();
    expect(page.viewportSize()?.width).toBe(1280);

    // when
    await meldAan(page, auditorToken());
    const maten = await page.locator('#verschillen').evaluate((tabel) => {
      const regio = tabel.parentElement as HTMLElement;
      const signalen = tabel.querySelector('thead th:last-child') as HTMLElement;
      return {
        signalenKop: signalen.textContent,
        teBreedPx: regio.scrollWidth - regio.clientWidth,
        signalenBuitenBeeldPx: Math.max(0, Math.round(signalen.getBoundingClientRect().right - regio.getBoundingClientRect().right)),
      };
    });

    // then
    expect(maten).toEqual({ signalenKop: 'Signalen van het doel', teBreedPx: 0, signalenBuitenBeeldPx: 0 });
    expect(await page.locator('#verschillen tr[data-doel="2.3.2"] td.toelichting').textContent()).toContain('spoedplaatsingen');
    expect(fouten).toEqual([]);
  });

  it('given a doel page, then the Financieel overzicht doel equals the published table of seed 004 cell by cell, with saldo 46.113 voordelig and the krediet Proeftuin Jeugd', async () => {
    // given
    const { page, fouten } = await nieuwePagina();
    await meldAan(page, auditorToken());

    // when
    await page.click('#verschillen a:text("2.3.1 Toegang jeugdhulp")');
    await wachtOpWeergave(page, `#/${gemeente}/2022/doel/2.3.1`);

    // then
    expect(await page.locator('h1').textContent()).toBe('Doel 2.3.1 Toegang jeugdhulp');
    for (const [laag, verwacht] of Object.entries(GOUDEN_OVERZICHT)) {
      expect([laag, await cellen(page, `#overzicht tr[data-laag="${laag}"] td`)]).toEqual([laag, verwacht]);
    }
    expect(await page.locator('#saldo').textContent()).toBe('46.113 (voordelig)');
    expect(await cellen(page, '#kredieten tr[data-krediet="KR-PROEFTUIN"] > *')).toEqual(['Proeftuin Jeugd (KR-PROEFTUIN)', '875.000', '0', '234.989', '640.011']);
    expect(await toegankelijkheidsfouten(page)).toEqual([]);
    await schermafdruk(page, '04-doel-2.3.1');
    expect(fouten).toEqual([]);
  });

  it('given a doel page, then the waterfall draws the six steps of the walk at the golden levels, has a name and a table alternative, and switching the kolom redraws it for the onttrekkingen', async () => {
    // given
    const { page, fouten } = await nieuwePagina();
    await meldAan(page, auditorToken());
    await gaNaar(page, `#/${gemeente}/2022/doel/2.3.1`);

    // when
    const staven = await page.locator('svg.waterval g.stap').evaluateAll((groepen) =>
      groepen.map((groep) => {
        const rect = groep.querySelector('rect') as SVGRectElement;
        return {
          stap: (groep as SVGGElement).dataset.stap,
          van: (groep as SVGGElement).dataset.van,
          tot: (groep as SVGGElement).dataset.tot,
          label: groep.querySelector('text.waarde')?.textContent,
          links: Number(rect.getAttribute('x')),
          boven: Number(rect.getAttribute('y')),
          onder: Number(rect.getAttribute('y')) + Number(rect.getAttribute('height')),
          onderschrift: [...groep.querySelectorAll('text.stap-label tspan')].map((regel) => regel.textContent).filter(Boolean).join(' '),
        };
      }),
    );
    // Where a dashed level line runs through an amount's label, in the chart's own coordinates.
    const doorsnedenLabels = await page.locator('svg.waterval').evaluate((svg) => {
      const labels = [...svg.querySelectorAll<SVGTextElement>('text.waarde')].map((tekst) => ({ tekst: tekst.textContent, vak: tekst.getBBox() }));
      return [...svg.querySelectorAll<SVGLineElement>('line.verbinding')].flatMap((lijn) => {
        const [x1, x2, y] = [lijn.x1.baseVal.value, lijn.x2.baseVal.value, lijn.y1.baseVal.value];
        return labels
          .filter(({ vak }) => y >= vak.y && y <= vak.y + vak.height && Math.max(x1, x2) > vak.x && Math.min(x1, x2) < vak.x + vak.width)
          .map(({ tekst }) => `lijn op y=${y.toFixed(1)} door "${tekst}"`);
      });
    });
    const naam = await page.evaluate(() => {
      const svg = document.querySelector('svg.waterval') as SVGSVGElement;
      return { role: svg.getAttribute('role'), tekst: (svg.getAttribute('aria-labelledby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent).join(' ') };
    });
    const tabel = await cellen(page, '#grafiek-tabel-lasten tbody td:nth-child(2)');
    await page.selectOption('#grafiek-kolom', 'onttrekkingReserves');
    const resultaatOnttrekking = await page.locator('svg.waterval[data-kolom="onttrekkingReserves"] g[data-stap="resultaat"] text.waarde').textContent();

    // then
    expect(staven.map((staaf) => [staaf.stap, staaf.label])).toEqual([
      ['vastgesteldeBegroting', '2.852.268'],
      ['mutatiesProjecten', '234.989'],
      ['begrotingswijzigingen', '-891.676'],
      ['begrotingNaWijziging', '2.195.581'],
      ['jaarrekening', '1.961.775'],
      ['resultaat', '233.806 voordelig'],
    ]);
    expect(staven.map((staaf) => [staaf.van, staaf.tot])).toEqual([
      ['0.00', '2852268.00'],
      ['2852268.00', '3087257.00'],
      ['3087257.00', '2195581.00'],
      ['0.00', '2195581.00'],
      ['0.00', '1961775.00'],
      ['2195581.00', '1961775.00'],
    ]);
    // The order is the reading order on screen too, left to right, each bar named under it.
    expect(staven.map((staaf) => staaf.onderschrift)).toEqual(['Vastgestelde begroting', 'Mutaties projecten', 'Begrotings- wijzigingen', 'Begroting na wijziging', 'Jaarrekening', 'Resultaat']);
    expect(staven.map((staaf) => staaf.links)).toEqual([...staven.map((staaf) => staaf.links)].sort((a, b) => a - b));
    expect(new Set(staven.map((staaf) => staaf.links)).size).toBe(6);
    expect(doorsnedenLabels).toEqual([]);
    const [vastgesteld, projecten, wijzigingen, naWijziging, jaarrekening, resultaat] = staven;
    // The steps connect: each floating bar starts where the previous level ended, in pixels too.
    expect(projecten.onder).toBeCloseTo(vastgesteld.boven, 1);
    expect(wijzigingen.boven).toBeCloseTo(projecten.boven, 1);
    expect(wijzigingen.onder).toBeCloseTo(naWijziging.boven, 1);
    expect(resultaat.boven).toBeCloseTo(naWijziging.boven, 1);
    expect(resultaat.onder).toBeCloseTo(jaarrekening.boven, 1);
    expect(vastgesteld.onder).toBeCloseTo(naWijziging.onder, 1);
    // The highest level (vastgesteld + projecten = 3.087.257) is the top of the plot.
    expect(projecten.boven).toBeLessThan(vastgesteld.boven);
    expect(naam.role).toBe('img');
    expect(naam.tekst).toContain('Begrotingsverloop lasten, Toegang jeugdhulp');
    expect(naam.tekst).toContain('resultaat 233.806 (voordelig)');
    expect(tabel).toEqual(['2.852.268', '234.989', '-891.676', '2.195.581', '1.961.775', '233.806']);
    expect(resultaatOnttrekking).toBe('-187.693 nadelig');
    await schermafdruk(page, '05-doel-grafiek-onttrekkingen');
    expect(fouten).toEqual([]);
  });

  it('given a doel page reached from the verschillenanalyse, when only the keyboard is used, then Tab reaches the kolom picker, an arrow key redraws the chart, and Enter on the first history link opens the ledger as it was, with focus on its heading', async () => {
    // given
    const { page, fouten } = await nieuwePagina();
    await meldAan(page, auditorToken());
    await page.focus('#verschillen a[href$="/doel/2.3.1"]');
    await page.keyboard.press('Enter');
    await wachtOpWeergave(page, `#/${gemeente}/2022/doel/2.3.1`);
    const naNavigatie = await page.evaluate(() => document.activeElement?.tagName);
    const MAX_TABS = 40;
    const tabTot = async (gevonden: () => boolean): Promise<void> => {
      for (let stap = 0; stap < MAX_TABS; stap += 1) {
        if (await page.evaluate(gevonden)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`na ${MAX_TABS} keer Tab niet gevonden`);
    };

    // when
    await tabTot(() => document.activeElement?.id === 'grafiek-kolom');
    await page.keyboard.press('ArrowDown');
    const grafiekKolom = await page.getAttribute('svg.waterval', 'data-kolom');
    await tabTot(() => document.activeElement?.textContent === 'Grootboek zoals het was na deze stap');
    const positie = await page.evaluate(() => (document.activeElement?.closest('li') as HTMLElement).dataset.positie);
    await page.keyboard.press('Enter');
    await wachtOpWeergave(page, `#/${gemeente}/2022/doel/2.3.1?positie=${positie}`);

    // then
    expect(naNavigatie).toBe('H1');
    expect(grafiekKolom).toBe('baten');
    expect(await page.evaluate(() => ({ tag: document.activeElement?.tagName, tekst: document.activeElement?.textContent }))).toEqual({ tag: 'H1', tekst: 'Doel 2.3.1 Toegang jeugdhulp' });
    expect(await cellen(page, '#overzicht tr[data-laag="begrotingNaWijziging"] td')).toEqual(['2.852.268', '0', '0', '0']);
    expect(fouten).toEqual([]);
  });

  it('given a doel page, then the history lists every step in log order with its besluit, as the API does, ending with the reserve withdrawals', async () => {
    // given
    const { page, fouten } = await nieuwePagina();
    const historie = (await t.as(['auditor'], [gemeente]).get(`${api}/doelen/2.3.1/historie`).expect(200)).body;

    // when
    await meldAan(page, auditorToken());
    await gaNaar(page, `#/${gemeente}/2022/doel/2.3.1`);
    const items = await page.locator('#historie > li').evaluateAll((lijst) =>
      lijst.map((item) => ({
        positie: Number((item as HTMLElement).dataset.positie),
        kop: item.querySelector('h3')?.textContent,
        besluit: item.querySelector('dd.besluit')?.textContent,
      })),
    );

    // then
    expect(items.map((item) => item.positie)).toEqual(historie.items.map((item: { positie: number }) => item.positie));
    expect(items.map((item) => [item.kop, item.besluit])).toEqual([
      ['8 november 2021 Begroting vastgesteld', 'raad, 8 november 2021, Begroting 2022'],
      ['7 juli 2022 Begrotingswijziging vastgesteld', 'raad, 7 juli 2022'],
      ['10 november 2022 Begrotingswijziging vastgesteld', 'raad, 10 november 2022'],
      ['31 december 2022 Projectmutatie geboekt', 'zonder besluit'],
      ['31 december 2022 Realisatie geboekt', 'zonder besluit'],
      ['31 december 2022 Reservemutatie geboekt', 'zonder besluit'],
      ['31 december 2022 Reservemutatie geboekt', 'zonder besluit'],
    ]);
    expect([...items.map((item) => item.positie)].sort((a, b) => a - b)).toEqual(items.map((item) => item.positie));
    const voorjaarsnota = await page.locator('#historie > li').nth(1).textContent();
    expect(voorjaarsnota).toContain('Lasten 292.500 (doel 2.3.1) — onderdeel “Sociaal herstelplan: jeugd en veiligheid”, incidenteel');
    expect(voorjaarsnota).toContain('Onttrekking aan reserves 292.500 uit reserve RES-HERSTEL');
    expect(voorjaarsnota).toContain('begroting na wijziging: lasten 3.144.768, onttrekking aan reserves 292.500; jaarrekening: lasten 0');
    expect(await page.locator('#historie > li').first().textContent()).toContain('door test-controller (controller)');
    await page.locator('#historie > li').last().scrollIntoViewIfNeeded();
    await schermafdruk(page, '06-doel-historie');
    expect(fouten).toEqual([]);
  });

  it('given a doel page, when peildatum 1 augustus 2022 is picked, then the ledger shows only the adopted budget and the voorjaarsnota, in the overview, the chart, the history and the verschillenanalyse', async () => {
    // given
    const { page, fouten, verzoeken } = await nieuwePagina();
    const token = auditorToken();
    const alsToen = (await t.as(['auditor'], [gemeente]).get(`${api}/doelen/2.3.1/overzicht?peildatum=2022-08-01`).expect(200)).body;
    await meldAan(page, token);
    await gaNaar(page, `#/${gemeente}/2022/doel/2.3.1`);

    // when
    await page.fill('#peildatum', '2022-08-01');
    await page.press('#peildatum', 'Enter');
    await wachtOpWeergave(page, `#/${gemeente}/2022/doel/2.3.1?peildatum=2022-08-01`);

    // then
    expect(await page.locator('#peilbanner').textContent()).toContain('U ziet het grootboek zoals het was op peildatum 1 augustus 2022');
    expect(await cellen(page, '#overzicht tr[data-laag="begrotingNaWijziging"] td')).toEqual(['3.144.768', '0', '0', '292.500']);
    expect(await cellen(page, '#overzicht tr[data-laag="begrotingNaWijziging"] td')).toEqual(
      ['lasten', 'baten', 'toevoegingReserves', 'onttrekkingReserves'].map((kolom) => zoalsGepubliceerd(alsToen.lagen.begrotingNaWijziging[kolom])),
    );
    expect(await cellen(page, '#overzicht tr[data-laag="jaarrekening"] td')).toEqual(['0', '0', '0', '0']);
    expect(await cellen(page, '#overzicht tr[data-laag="mutatiesProjecten"] td')).toEqual(['0', '0', '0', '0']);
    expect(await page.locator('svg.waterval g[data-stap="begrotingNaWijziging"] text.waarde').textContent()).toBe('3.144.768');
    expect(await page.locator('#historie > li h3').allTextContents()).toEqual(['8 november 2021 Begroting vastgesteld', '7 juli 2022 Begrotingswijziging vastgesteld']);
    expect(await page.getAttribute('#peildatum', 'value')).toBe('2022-08-01');
    // The krediet as it stood then: granted, nothing spent yet (the project mutation is of 31 december).
    expect(await cellen(page, '#kredieten tr[data-krediet="KR-PROEFTUIN"] td')).toEqual(['875.000', '0', '0', '875.000']);
    const kredietToen = alsToen.kredieten.find((krediet: { code: string }) => krediet.code === 'KR-PROEFTUIN');
    expect(await cellen(page, '#kredieten tr[data-krediet="KR-PROEFTUIN"] td')).toEqual(
      [kredietToen.omvang, kredietToen.gerealiseerdTotVorigJaar, kredietToen.bestedingenDitJaar, kredietToen.restantkrediet].map(zoalsGepubliceerd),
    );
    expect(await toegankelijkheidsfouten(page)).toEqual([]);
    await schermafdruk(page, '07-doel-peildatum-2022-08-01');

    await page.click('nav a:text("Verschillenanalyse")');
    await wachtOpWeergave(page, `#/${gemeente}/2022/verschillen?peildatum=2022-08-01`);
    expect(await cellen(page, '#verschillen tr[data-doel="2.3.1"][data-kolom="lasten"] td')).toEqual(['Lasten', '3.144.768', '0', '3.144.768', '100,0%', 'voordelig', 'Ontbreekt (vereist)', 'Toelichting ontbreekt']);
    expect(await page.locator('#verschillen tr[data-doel="2.3.2"]').count()).toBe(0);
    expect(verzoeken.filter((verzoek) => verzoek.url.includes(token))).toEqual([]);
    expect(verzoeken.some((verzoek) => verzoek.url.endsWith('/verschillenanalyse?peildatum=2022-08-01'))).toBe(true);
    expect(fouten).toEqual([]);
  });

  it('given the history, when the link after the vaststelling is followed, then the ledger is shown as of that positie: only the vastgestelde begroting is filled', async () => {
    // given
    const { page, fouten } = await nieuwePagina();
    await meldAan(page, auditorToken());
    await gaNaar(page, `#/${gemeente}/2022/doel/2.3.1`);
    const positie = await page.locator('#historie > li').first().getAttribute('data-positie');

    // when
    await page.locator('#historie > li').first().locator('a:text("Grootboek zoals het was na deze stap")').click();
    await wachtOpWeergave(page, `#/${gemeente}/2022/doel/2.3.1?positie=${positie}`);

    // then
    expect(await page.locator('#peilbanner').textContent()).toContain(`na positie ${positie} in het log`);
    expect(await page.locator('#tot').textContent()).toContain(`stand tot en met positie ${positie}`);
    expect(await cellen(page, '#overzicht tr[data-laag="begrotingNaWijziging"] td')).toEqual(['2.852.268', '0', '0', '0']);
    expect(await page.locator('#saldo').textContent()).toBe('2.852.268 (voordelig)');
    expect(await page.locator('#historie > li').count()).toBe(1);
    expect(fouten).toEqual([]);
  });

  it('given the history, when a reserve named in it is followed, then its reservestaat shows saldo 1.500.000, onttrekkingen 292.500 begroot and 104.807 realised, saldo 1.395.193, no balance figure', async () => {
    // given
    const { page, fouten } = await nieuwePagina();
    const staat = (await t.as(['auditor'], [gemeente]).get(`/api/v1/gemeenten/${gemeente}/reserves/RES-HERSTEL/staat?jaar=2022`).expect(200)).body;
    await meldAan(page, auditorToken());
    await gaNaar(page, `#/${gemeente}/2022/doel/2.3.1`);

    // when
    await page.locator('#historie a:text("RES-HERSTEL")').first().click();
    await wachtOpWeergave(page, `#/${gemeente}/2022/reserves/RES-HERSTEL`);

    // then
    expect(await cellen(page, '#reservestaat tr[data-rij="saldoBegin"] td')).toEqual(['', '1.500.000']);
    expect(await cellen(page, '#reservestaat tr[data-rij="onttrekkingen"] td')).toEqual(['292.500', '104.807']);
    expect(await cellen(page, '#reservestaat tr[data-rij="onttrekkingen"] td')).toEqual([staat.onttrekkingen.begroot, staat.onttrekkingen.realisatie].map(zoalsGepubliceerd));
    expect(await cellen(page, '#reservestaat tr[data-rij="saldoEind"] td')).toEqual(['', '1.395.193']);
    expect(await page.locator('#reservestaat tr[data-rij="balans"]').textContent()).toContain('Geen saldo volgens de balans vastgelegd');
    expect(await cellen(page, '#per-doel tr[data-doel="2.3.1"] td')).toEqual(['0', '0', '292.500', '104.807']);
    expect(await page.locator('#historie > li h3').allTextContents()).toEqual([
      '1 januari 2022 Reserve ingesteld',
      '7 juli 2022 Begrotingswijziging vastgesteld',
      '31 december 2022 Reservemutatie geboekt',
    ]);
    expect(await page.locator('#reserve-uitleg').textContent()).toContain('RES-HERSTEL');
    expect(await toegankelijkheidsfouten(page)).toEqual([]);
    await schermafdruk(page, '08-reservestaat');
    expect(fouten).toEqual([]);
  });

  it('given an auditor, when the verificatie is opened, then the chain is valid and the head to write down is the API\'s; the written-down head checks out, a wrong hash does not', async () => {
    // given
    const { page, fouten } = await nieuwePagina();
    const uitApi = (await t.as(['auditor'], [gemeente]).get(`/api/v1/verificatie?gemeente=${gemeente}`).expect(200)).body;
    await meldAan(page, auditorToken());

    // when
    await page.click('nav a:text("Verificatie")');
    await wachtOpWeergave(page, `#/${gemeente}/2022/verificatie`);
    const kop = { positie: await page.locator('#kop-positie').textContent(), hash: await page.locator('#kop-hash').textContent() };
    await page.fill('#controle-positie', String(kop.positie));
    await page.fill('#controle-hash', String(kop.hash));
    await page.click('form button:text("Controleer")');
    await page.waitForSelector('#controle-uitslag');
    const goed = await page.locator('#controle-uitslag').getAttribute('data-geldig');
    await page.fill('#controle-hash', '0'.repeat(64));
    await page.click('form button:text("Controleer")');
    await page.waitForSelector('#controle-uitslag[data-geldig="false"]');

    // then
    expect(uitApi.geldig).toBe(true);
    expect(await page.locator('#verificatie-uitslag').textContent()).toBe(`De keten is geldig. ${uitApi.aantalEvents} gebeurtenissen nagerekend.`);
    expect(kop).toEqual({ positie: String(uitApi.kopPositie), hash: uitApi.kopHash });
    expect(await cellen(page, '.kop-gegevens dt')).toEqual(['Koppositie', 'Kophash (SHA-256)']);
    expect(kop.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(goed).toBe('true');
    expect(await page.locator('#controle-uitslag').textContent()).toContain(`Eerste fout op positie ${uitApi.kopPositie}`);
    expect(await toegankelijkheidsfouten(page)).toEqual([]);
    await schermafdruk(page, '09-verificatie');
    expect(fouten).toEqual([]);
  });

  it('given a controller, when the verificatie is opened, then the page says only an auditor or beheerder may verify, and shows no head', async () => {
    // given
    const { page, fouten } = await nieuwePagina();
    await meldAan(page, t.token(['controller'], [gemeente]));

    // when
    await gaNaar(page, `#/${gemeente}/2022/verificatie`);

    // then
    expect(await page.locator('main [role="alert"]').textContent()).toMatch(/^Alleen een auditor of beheerder kan de keten verifiëren\./);
    expect(await page.locator('#kop-hash').count()).toBe(0);
    // The browser logs the refused request itself; nothing else may go wrong.
    expect(fouten.filter((fout) => !/status of 403/.test(fout))).toEqual([]);
  });

  it('given a phone-sized window 320 pixels wide, when a doel page is shown, then nothing but the wide tables scrolls sideways (WCAG 1.4.10 reflow)', async () => {
    // given
    const { page, fouten } = await nieuwePagina();
    await page.setViewportSize({ width: 320, height: 800 });
    await meldAan(page, auditorToken());

    // when
    await gaNaar(page, `#/${gemeente}/2022/doel/2.3.1`);

    // then
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await page.locator('svg.waterval').evaluate((svg) => svg.getBoundingClientRect().width)).toBeLessThanOrEqual(320);
    await schermafdruk(page, '10-doel-320px');
    expect(fouten).toEqual([]);
  });

  it('given a beheerder token for every gemeente, when signed in, then the choice asks for a CBS code in a labelled field and opens that gemeente', async () => {
    // given
    const { page, fouten } = await nieuwePagina();
    await openStart(page);

    // when
    await page.fill('#token', t.token(['beheerder'], ['*'], 'beheerder-begroot'));
    await page.press('#token', 'Enter');
    await wachtOpWeergave(page, '#/kies');
    const veld = await page.evaluate(() => {
      const invoer = document.getElementById('gemeente') as HTMLInputElement;
      return { tag: invoer.tagName, label: invoer.labels?.[0]?.textContent, uitleg: document.getElementById(invoer.getAttribute('aria-describedby') ?? '')?.textContent };
    });
    await page.fill('#gemeente', gemeente.toLowerCase());
    await page.fill('#jaar', '2022');
    await page.press('#jaar', 'Enter');
    await wachtOpWeergave(page, `#/${gemeente}/2022/verschillen`);

    // then
    expect(veld).toEqual({ tag: 'INPUT', label: 'Gemeente', uitleg: 'De CBS-code, bijvoorbeeld GM0193 voor Zwolle.' });
    expect(await page.locator('#sessie').textContent()).toContain('Aangemeld als beheerder-begroot (beheerder)');
    expect(await cellen(page, '#verschillen tr[data-doel="2.3.1"][data-kolom="lasten"] td')).toContain('233.806');
    expect(fouten).toEqual([]);
  });

  it('given a token the service does not accept (signed with another secret), when a report is asked, then the token is dropped and the sign-in form says why', async () => {
    // given
    const { page, fouten } = await nieuwePagina();
    const vreemd = signToken('een-heel-ander-geheim-van-genoeg-tekens', { sub: 'indringer', rollen: ['auditor'], gemeenten: [gemeente] });

    // when
    await openStart(page);
    await page.fill('#token', vreemd);
    await page.press('#token', 'Enter');
    await wachtOpWeergave(page, '#/kies');
    // The year the page proposes is this year in Amsterdam, which need not be the test machine's year.
    const jaar = await page.inputValue('#jaar');
    await page.click('main button[type="submit"]');
    await wachtOpWeergave(page, `#/${gemeente}/${jaar}/verschillen`);

    // then
    expect(await page.locator('h1').textContent()).toBe('Aanmelden');
    expect(await page.locator('#token-fout').textContent()).toMatch(/^Het token is niet \(meer\) geldig: Geen toegang: .+ Meld u opnieuw aan\.$/);
    expect(await page.evaluate(() => sessionStorage.getItem('begroot.token'))).toBeNull();
    expect(fouten.filter((fout) => !/status of 401/.test(fout))).toEqual([]);
  });

  it('given a signed-in tab, when Afmelden is pressed, then the token is gone from sessionStorage and the sign-in form is back', async () => {
    // given
    const { page, fouten } = await nieuwePagina();
    await meldAan(page, auditorToken());

    // when
    await page.click('#sessie button:text("Afmelden")');
    await wachtOpWeergave(page, '#/');

    // then
    expect(await page.evaluate(() => sessionStorage.getItem('begroot.token'))).toBeNull();
    expect(await page.locator('h1').textContent()).toBe('Aanmelden');
    expect(fouten).toEqual([]);
  });

  it('given amounts at the edges, when the page formats them in the browser, then every digit survives: grouping by Intl on BigInt, cents and signs from the string', async () => {
    // given
    const { page, fouten } = await nieuwePagina();
    await openStart(page);

    // when
    // A string, not a function: swc would turn a function's import() into require() before it reaches the browser.
    const opgemaakt = await page.evaluate(`import('/dashboard/opmaak.js').then((opmaak) => ${JSON.stringify(RANDGEVALLEN)}.map((bedrag) => opmaak.bedrag(bedrag)))`);

    // then
    expect(opgemaakt).toEqual(['9.999.999.999.999,99', '-9.999.999.999.999,99', '123.456.789.012.345,67', '1.000', '999', '-0,50', '0', '-891.676', '12,30', '1e5']);
    expect(fouten).toEqual([]);
  });
});
