// @ts-check
/**
 * The dashboard: sign in with a token, choose gemeente and jaar, then read the ledger's reports, now
 * or as of a peildatum. One page; the part after `#` says what to show (`#/GM0193/2022/doel/2.3.1`),
 * so every view can be bookmarked and the back button works, and the server only serves static files.
 * Gemeente, jaar and peildatum are in that address; the token never is.
 */
import { ApiFout, bewaarToken, claimsVan, token, vergeetToken } from './api.js';
import { element, formulier, h } from './dom.js';
import { datum } from './opmaak.js';
import { doelPagina } from './doel.js';
import { reservePagina } from './reserve.js';
import { verificatiePagina } from './verificatie.js';
import { verschillenPagina } from './verschillen.js';

const KEUZE_SLEUTEL = 'begroot.keuze';
const GEMEENTE = /^GM\d{4}$/;
const DATUM = /^\d{4}-\d{2}-\d{2}$/;
const PAGINAS = ['verschillen', 'doel', 'reserves', 'verificatie'];

/**
 * @typedef {{peildatum?: string, positie?: string}} Peil
 * @typedef {{pagina: string, gemeente?: string, jaar?: number, code?: string, peil: Peil}} Route
 * @typedef {{titel: string, knopen: Node[]}} Weergave
 * @typedef {{signaal: AbortSignal, peil: Peil, adres: (route: Partial<Route>) => string}} Context
 */

/**
 * @param {string} hash
 * @returns {Route}
 */
export function leesRoute(hash) {
  const [pad, query = ''] = hash.replace(/^#/, '').split('?');
  const parameters = new URLSearchParams(query);
  /** @type {Peil} */
  const peil = {};
  const peildatum = parameters.get('peildatum');
  const positie = parameters.get('positie');
  if (peildatum && DATUM.test(peildatum)) peil.peildatum = peildatum;
  else if (positie && /^\d{1,15}$/.test(positie)) peil.positie = positie;
  let delen;
  try {
    delen = pad.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return { pagina: 'onbekend', peil };
  }
  if (delen.length === 0) return { pagina: 'start', peil };
  if (delen.length === 1 && delen[0] === 'kies') return { pagina: 'kies', peil };
  const [gemeente, jaar, pagina = 'verschillen', code] = delen;
  if (!GEMEENTE.test(gemeente ?? '') || !/^\d{4}$/.test(jaar ?? '') || !PAGINAS.includes(pagina) || delen.length > 4) return { pagina: 'onbekend', peil };
  return { pagina, gemeente, jaar: Number.parseInt(jaar, 10), code, peil };
}

/**
 * The address of a view; `peil` stays unless the new route says otherwise.
 * @param {Partial<Route>} route
 */
export function adresVan(route) {
  if (!route.gemeente || !route.jaar) return route.pagina === 'kies' ? '#/kies' : '#/';
  const pad = [route.gemeente, String(route.jaar), route.pagina ?? 'verschillen', ...(route.code ? [route.code] : [])].map(encodeURIComponent).join('/');
  const parameters = new URLSearchParams();
  if (route.peil?.peildatum) parameters.set('peildatum', route.peil.peildatum);
  else if (route.peil?.positie) parameters.set('positie', route.peil.positie);
  const query = parameters.toString();
  return `#/${pad}${query ? `?${query}` : ''}`;
}

let weergaveNummer = 0;
/** @type {AbortController | null} */
let lopend = null;
let eersteWeergave = true;

/** Draws the view the address asks for; a newer navigation cancels an older one still loading. */
async function toon() {
  const route = leesRoute(window.location.hash);
  const nummer = (weergaveNummer += 1);
  lopend?.abort();
  const afbreker = new AbortController();
  lopend = afbreker;
  const inhoud = element('inhoud');
  inhoud.setAttribute('aria-busy', 'true');
  inhoud.removeAttribute('data-klaar');
  tekenKop(route);

  /** @type {Weergave} */
  let weergave;
  try {
    weergave = await weergaveVoor(route, afbreker.signal);
  } catch (fout) {
    if (afbreker.signal.aborted) return;
    weergave = foutWeergave(fout, route);
  }
  if (nummer !== weergaveNummer) return;
  inhoud.replaceChildren(...weergave.knopen);
  document.title = `${weergave.titel} — Begroot`;
  inhoud.setAttribute('aria-busy', 'false');
  inhoud.dataset.klaar = window.location.hash || '#/';
  // After a navigation the keyboard and screen reader continue at the new heading, as after a page
  // load; the very first view leaves focus at the top, so the skip link comes first.
  if (!eersteWeergave) inhoud.querySelector('h1')?.focus();
  eersteWeergave = false;
}

/**
 * @param {Route} route
 * @param {AbortSignal} signaal
 * @returns {Promise<Weergave>}
 */
async function weergaveVoor(route, signaal) {
  if (!token()) return aanmeldWeergave(route);
  /** @type {Context} */
  const context = { signaal, peil: route.peil, adres: (deel) => adresVan({ ...route, code: undefined, ...deel }) };
  switch (route.pagina) {
    case 'start':
    case 'kies':
      return kiesWeergave();
    case 'verschillen':
      return verschillenPagina(/** @type {Required<Route>} */ (route), context);
    case 'doel':
      if (!route.code) return verschillenPagina(/** @type {Required<Route>} */ (route), context);
      return doelPagina(/** @type {Required<Route>} */ (route), context);
    case 'reserves':
      return reservePagina(/** @type {Required<Route>} */ (route), context);
    case 'verificatie':
      return verificatiePagina(/** @type {Required<Route>} */ (route), context);
    default:
      return {
        titel: 'Pagina niet gevonden',
        knopen: [h('h1', { tabindex: -1 }, 'Pagina niet gevonden'), h('p', {}, 'Dit adres hoort niet bij het dashboard. ', h('a', { href: '#/kies' }, 'Kies een gemeente en jaar'), '.')],
      };
  }
}

/**
 * @param {unknown} fout
 * @param {Route} route
 * @returns {Weergave}
 */
function foutWeergave(fout, route) {
  if (fout instanceof ApiFout && fout.status === 401) {
    vergeetToken();
    tekenKop(route);
    return aanmeldWeergave(route, `Het token is niet (meer) geldig: ${fout.message} Meld u opnieuw aan.`);
  }
  const titel = fout instanceof ApiFout ? { 403: 'Geen toegang', 404: 'Niet gevonden', 429: 'Even geduld' }[fout.status] ?? 'Er ging iets mis' : 'Er ging iets mis';
  const uitleg = fout instanceof Error ? fout.message : String(fout);
  return { titel, knopen: [h('h1', { tabindex: -1 }, titel), h('p', { class: 'fout', role: 'alert' }, uitleg), h('p', {}, h('a', { href: '#/kies' }, 'Kies een andere gemeente of een ander jaar'))] };
}

// ---------------------------------------------------------------------------------------------------
// Sign-in and choice of gemeente and jaar

/**
 * @param {Route} route
 * @param {string} [melding]
 * @returns {Weergave}
 */
function aanmeldWeergave(route, melding) {
  const fout = h('p', { id: 'token-fout', class: 'fout', role: 'alert' }, melding ?? '');
  const invoer = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, 'aria-describedby': 'token-uitleg token-fout' });
  const aanmelding = formulier(
    'formulier',
    () => {
      const waarde = /** @type {HTMLInputElement} */ (invoer).value.trim();
      const claims = claimsVan(waarde);
      const probleem = !claims
        ? 'Dit is geen token: een token bestaat uit drie delen, gescheiden door punten.'
        : claims.exp !== null && claims.exp * 1000 <= Date.now()
          ? `Dit token is verlopen op ${new Date(claims.exp * 1000).toLocaleString('nl-NL', { timeZone: 'Europe/Amsterdam' })}.`
          : null;
      if (probleem) {
        invoer.setAttribute('aria-invalid', 'true');
        fout.textContent = probleem;
        invoer.focus();
        return;
      }
      bewaarToken(waarde);
      if (route.gemeente) void toon();
      else window.location.hash = '#/kies';
    },
    h('label', { for: 'token' }, 'Token'),
    h('p', { id: 'token-uitleg', class: 'uitleg' }, 'Plak het token dat u van de beheerder kreeg (bijvoorbeeld gemaakt met ', h('code', {}, 'npm run token -- --rol auditor --gemeente GM0193'), '). Het token blijft alleen in dit tabblad bewaard en verdwijnt als u het sluit.'),
    invoer,
    fout,
    h('button', { type: 'submit' }, 'Aanmelden'),
  );
  return { titel: 'Aanmelden', knopen: [h('h1', { tabindex: -1 }, 'Aanmelden'), h('p', {}, 'Begroot toont de begroting, de wijzigingen, de jaarrekening en de reserves van een gemeente, zoals ze nu zijn of op een peildatum.'), aanmelding] };
}

/** @returns {Weergave} */
function kiesWeergave() {
  const claims = claimsVan(token() ?? '');
  const vorige = leesKeuze();
  const gemeenten = (claims?.gemeenten ?? []).filter((code) => GEMEENTE.test(code));
  const alleGemeenten = claims?.gemeenten.includes('*') ?? false;
  // A code typed in lower case is accepted (and upper-cased on submit) rather than blocked by the browser.
  const gemeenteVeld =
    alleGemeenten || gemeenten.length === 0
      ? h('input', { id: 'gemeente', name: 'gemeente', required: true, pattern: '[Gg][Mm][0-9]{4}', value: vorige.gemeente ?? '', autocomplete: 'off', 'aria-describedby': 'gemeente-uitleg' })
      : h('select', { id: 'gemeente', name: 'gemeente' }, gemeenten.map((code) => h('option', { value: code, selected: code === vorige.gemeente }, code)));
  const jaarVeld = h('input', { id: 'jaar', name: 'jaar', type: 'number', inputmode: 'numeric', min: 1900, max: 2200, required: true, value: vorige.jaar ?? new Date().getFullYear() });
  const keuze = formulier(
    'formulier',
    () => {
      const gemeente = /** @type {HTMLInputElement} */ (gemeenteVeld).value.trim().toUpperCase();
      const jaar = /** @type {HTMLInputElement} */ (jaarVeld).value.trim();
      sessionStorage.setItem(KEUZE_SLEUTEL, JSON.stringify({ gemeente, jaar }));
      window.location.hash = adresVan({ gemeente, jaar: Number.parseInt(jaar, 10), pagina: 'verschillen', peil: {} });
    },
    h('label', { for: 'gemeente' }, 'Gemeente'),
    alleGemeenten || gemeenten.length === 0 ? h('p', { id: 'gemeente-uitleg', class: 'uitleg' }, 'De CBS-code, bijvoorbeeld GM0193 voor Zwolle.') : null,
    gemeenteVeld,
    h('label', { for: 'jaar' }, 'Begrotingsjaar'),
    jaarVeld,
    h('button', { type: 'submit' }, 'Toon verschillenanalyse'),
  );
  return { titel: 'Gemeente en jaar kiezen', knopen: [h('h1', { tabindex: -1 }, 'Gemeente en jaar kiezen'), keuze] };
}

/** @returns {{gemeente?: string, jaar?: string}} */
function leesKeuze() {
  try {
    return JSON.parse(sessionStorage.getItem(KEUZE_SLEUTEL) ?? '{}');
  } catch {
    return {};
  }
}

// ---------------------------------------------------------------------------------------------------
// The header: who is signed in, the menu, and the moment the ledger is shown as of

/** @param {Route} route */
function tekenKop(route) {
  const claims = token() ? claimsVan(token() ?? '') : null;
  element('sessie').replaceChildren(
    ...(claims
      ? [
          h('span', {}, `Aangemeld als ${claims.sub} (${claims.rollen.join(', ')})`),
          h('button', { type: 'button', class: 'knop-licht', onclick: () => { vergeetToken(); sessionStorage.removeItem(KEUZE_SLEUTEL); window.location.hash = '#/'; void toon(); } }, 'Afmelden'),
        ]
      : []),
  );
  const gekozen = claims && route.gemeente && route.jaar;
  const menu = element('menu');
  menu.hidden = !gekozen;
  element('context').replaceChildren();
  if (!gekozen) {
    menu.replaceChildren();
    return;
  }
  const link = (pagina, tekst) =>
    h('li', {}, h('a', { href: adresVan({ ...route, pagina, code: undefined }), 'aria-current': route.pagina === pagina || (pagina === 'verschillen' && route.pagina === 'doel') ? 'page' : null }, tekst));
  menu.replaceChildren(
    h('ul', {}, link('verschillen', 'Verschillenanalyse'), link('reserves', 'Reserves'), link('verificatie', 'Verificatie'), h('li', {}, h('a', { href: '#/kies' }, 'Andere gemeente of jaar'))),
  );
  element('context').replaceChildren(h('p', { class: 'keuze' }, `Gemeente ${route.gemeente} · begrotingsjaar ${route.jaar}`), peilFormulier(route), peilBanner(route));
}

/** @param {Route} route */
function peilFormulier(route) {
  const invoer = h('input', { id: 'peildatum', name: 'peildatum', type: 'date', value: route.peil.peildatum ?? '', 'aria-describedby': 'peildatum-uitleg' });
  return formulier(
    'peilmoment',
    () => {
      const waarde = /** @type {HTMLInputElement} */ (invoer).value;
      window.location.hash = adresVan({ ...route, peil: DATUM.test(waarde) ? { peildatum: waarde } : {} });
    },
    h('label', { for: 'peildatum' }, 'Peildatum'),
    invoer,
    h('button', { type: 'submit' }, 'Toon stand op peildatum'),
    h('span', { id: 'peildatum-uitleg', class: 'uitleg' }, 'Leeg: de actuele stand.'),
  );
}

/** @param {Route} route */
function peilBanner(route) {
  const { peildatum, positie } = route.peil;
  if (!peildatum && !positie) return h('p', { id: 'peilbanner', class: 'peil-actueel' }, 'U ziet de actuele stand van het grootboek.');
  const tekst = peildatum
    ? `U ziet het grootboek zoals het was op peildatum ${datum(peildatum)}: besluiten en boekingen met een datum tot en met die dag.`
    : `U ziet het grootboek zoals het was na positie ${positie} in het log van de gemeente.`;
  return h('p', { id: 'peilbanner', class: 'peil-verleden' }, tekst, ' ', h('a', { href: adresVan({ ...route, peil: {} }) }, 'Naar de actuele stand'));
}

// ---------------------------------------------------------------------------------------------------

function start() {
  // The skip link jumps to the content without touching the address, which names the view.
  element('naar-inhoud').addEventListener('click', (event) => {
    event.preventDefault();
    element('inhoud').focus();
  });
  window.addEventListener('hashchange', () => void toon());
  void toon();
}

start();
