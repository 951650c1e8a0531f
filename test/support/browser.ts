/// <reference lib="dom" />
// The functions handed to page.evaluate run in the browser: they need the DOM types.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';

/**
 * Headless Chromium for the dashboard's browser tests: Debian's `chromium` package driven by
 * playwright-core (no browser download). One browser per suite; each test opens its own page (tab),
 * so sessionStorage, and with it the token, starts empty every time.
 */
export const CHROMIUM_PAD = process.env.BEGROOT_CHROMIUM ?? '/usr/bin/chromium';

/** Skipping is a deliberate choice (`BEGROOT_ZONDER_BROWSER=1`), never what a missing browser does by itself. */
export const ZONDER_BROWSER = process.env.BEGROOT_ZONDER_BROWSER === '1';

export const SCREENSHOTS = resolve(__dirname, '..', 'artifacts', 'screenshots');

/** As root Chromium's sandbox cannot start; the rest keeps a CI run quiet and offline. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumAanwezig(): boolean {
  return existsSync(CHROMIUM_PAD);
}

export const CHROMIUM_ONTBREEKT =
  `Chromium ontbreekt op ${CHROMIUM_PAD}: de browsertests van het dashboard kunnen niet draaien. ` +
  'Installeer het met `apt-get install -y chromium` (.ci/run doet dat als root), wijs een andere browser aan met BEGROOT_CHROMIUM=<pad>, ' +
  'of sla de tests bewust over met BEGROOT_ZONDER_BROWSER=1.';

/** A loud line in the jest output when the browser tests are skipped on purpose. */
export function waarschuwOverslaan(): void {
  const regel = '!'.repeat(100);
  console.warn(`${regel}\n!! BROWSERTESTS OVERGESLAGEN (BEGROOT_ZONDER_BROWSER=1): ${CHROMIUM_ONTBREEKT}\n!! Het dashboard is in deze run NIET in een browser getest.\n${regel}`);
}

export interface Browser {
  context: BrowserContext;
  /** A fresh tab that records console errors, uncaught exceptions and every request's URL. */
  nieuwePagina(): Promise<BrowserPagina>;
  close(): Promise<void>;
}

export interface BrowserPagina {
  page: Page;
  /** Console errors (CSP violations show up here) and uncaught exceptions, in order. */
  fouten: string[];
  /** Every URL the page requested, with its Referer, to prove the token never travels in one. */
  verzoeken: { url: string; referer?: string; authorization?: string }[];
}

export async function startBrowser(): Promise<Browser> {
  const profiel = mkdtempSync(join(tmpdir(), 'begroot-chromium-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profiel, {
    executablePath: CHROMIUM_PAD,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async nieuwePagina() {
      const page = await context.newPage();
      const fouten: string[] = [];
      const verzoeken: BrowserPagina['verzoeken'] = [];
      page.on('console', (bericht) => {
        if (bericht.type() === 'error') fouten.push(bericht.text());
      });
      page.on('pageerror', (fout) => fouten.push(`${fout.name}: ${fout.message}`));
      page.on('request', (verzoek) => {
        const headers = verzoek.headers();
        verzoeken.push({ url: verzoek.url(), referer: headers.referer, authorization: headers.authorization });
      });
      return { page, fouten, verzoeken };
    },
    async close() {
      await context.close();
      rmSync(profiel, { recursive: true, force: true });
    },
  };
}

/** Waits until the dashboard has drawn the view its address names (app.js sets data-klaar). */
export async function wachtOpWeergave(page: Page, hash?: string): Promise<void> {
  await page.waitForFunction(
    (verwacht) => {
      const inhoud = document.getElementById('inhoud');
      return inhoud?.getAttribute('aria-busy') === 'false' && inhoud.dataset.klaar === (window.location.hash || '#/') && (!verwacht || window.location.hash === verwacht);
    },
    hash,
    { timeout: 15_000 },
  );
}

export async function schermafdruk(page: Page, naam: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${naam}.png`), fullPage: true });
}

/**
 * What the page gets wrong for WCAG 2.1 AA that a script can see: controls without a label, buttons
 * and links without a name, tables without a caption, images (SVG) without a name, not one h1, and
 * text below the contrast minimum (4.5:1; 3:1 for large text) against its nearest opaque background.
 * Returns the findings; an empty list is a pass.
 */
export async function toegankelijkheidsfouten(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const fouten: string[] = [];
    const zichtbaar = (element: Element) => {
      const rechthoek = element.getBoundingClientRect();
      const stijl = getComputedStyle(element);
      return rechthoek.width > 1 && rechthoek.height > 1 && stijl.visibility !== 'hidden' && stijl.display !== 'none' && !element.closest('[hidden]');
    };
    const naam = (element: Element) => `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}`;

    for (const veld of document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea')) {
      if (veld.type === 'hidden') continue;
      const gelabeld = (veld.labels?.length ?? 0) > 0 || veld.getAttribute('aria-label') || veld.getAttribute('aria-labelledby');
      if (!gelabeld) fouten.push(`veld zonder label: ${naam(veld)}`);
    }
    for (const knop of document.querySelectorAll('button, a[href]')) {
      if (!knop.textContent?.trim() && !knop.getAttribute('aria-label')) fouten.push(`${naam(knop)} zonder naam`);
    }
    for (const tabel of document.querySelectorAll('main table')) {
      if (!tabel.querySelector('caption')?.textContent?.trim()) fouten.push(`tabel zonder bijschrift: ${naam(tabel)}`);
    }
    for (const svg of document.querySelectorAll('svg')) {
      const ids = (svg.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
      const tekst = ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
      if (svg.getAttribute('role') !== 'img' || !tekst) fouten.push(`svg zonder role=img en naam: ${naam(svg)}`);
    }
    const koppen = document.querySelectorAll('h1');
    if (koppen.length !== 1) fouten.push(`${koppen.length} h1-koppen in plaats van één`);
    if (document.documentElement.lang !== 'nl') fouten.push(`lang is "${document.documentElement.lang}"`);

    const rgb = (kleur: string) => {
      const delen = /rgba?\(([^)]+)\)/.exec(kleur)?.[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return delen && delen.length >= 3 ? { r: delen[0], g: delen[1], b: delen[2], a: delen[3] ?? 1 } : null;
    };
    const luminantie = ({ r, g, b }: { r: number; g: number; b: number }) => {
      const kanaal = (waarde: number) => {
        const v = waarde / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * kanaal(r) + 0.7152 * kanaal(g) + 0.0722 * kanaal(b);
    };
    const achtergrond = (element: Element) => {
      for (let huidig: Element | null = element; huidig; huidig = huidig.parentElement) {
        const kleur = rgb(getComputedStyle(huidig).backgroundColor);
        if (kleur && kleur.a >= 1) return kleur;
      }
      return { r: 255, g: 255, b: 255, a: 1 };
    };
    const lopen = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const gezien = new Set<Element>();
    while (lopen.nextNode()) {
      const element = lopen.currentNode.parentElement;
      if (!element || gezien.has(element) || !lopen.currentNode.textContent?.trim()) continue;
      gezien.add(element);
      if (element.closest('noscript, option, title, desc, .visueel-verborgen') || !zichtbaar(element)) continue;
      const stijl = getComputedStyle(element);
      const voorgrond = rgb(element.closest('svg') ? stijl.fill : stijl.color);
      if (!voorgrond) continue;
      const [licht, donker] = [luminantie(voorgrond), luminantie(achtergrond(element))].sort((a, b) => b - a);
      const verhouding = (licht + 0.05) / (donker + 0.05);
      const grootte = Number.parseFloat(stijl.fontSize);
      const groot = grootte >= 24 || (grootte >= 18.66 && Number.parseInt(stijl.fontWeight, 10) >= 700);
      if (verhouding < (groot ? 3 : 4.5)) fouten.push(`contrast ${verhouding.toFixed(2)}:1 voor "${element.textContent?.trim().slice(0, 40)}" (${naam(element)})`);
    }
    return fouten;
  });
}
