// @ts-check
/**
 * Building the page from data without innerHTML: every text from the ledger (names, toelichtingen,
 * besluiten) becomes a text node, so it can never become markup or script.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * @typedef {Node | string | number | bigint | null | undefined | false} Kind
 * @typedef {Record<string, string | number | boolean | null | undefined | ((event: any) => void)>} Attributen
 */

/**
 * `h('a', {href: '#/x', class: 'knop'}, 'tekst', kind)`: an element with attributes and children.
 * `on…` attributes with a function become event listeners; false, null and undefined are left out.
 * @param {string} naam
 * @param {Attributen} [attributen]
 * @param {...(Kind | Kind[])} kinderen
 * @returns {HTMLElement}
 */
export function h(naam, attributen = {}, ...kinderen) {
  return vul(document.createElement(naam), attributen, kinderen);
}

/**
 * The same for SVG elements.
 * @param {string} naam
 * @param {Attributen} [attributen]
 * @param {...(Kind | Kind[])} kinderen
 * @returns {SVGElement}
 */
export function s(naam, attributen = {}, ...kinderen) {
  return vul(document.createElementNS(SVG_NS, naam), attributen, kinderen);
}

/**
 * @template {Element} E
 * @param {E} element
 * @param {Attributen} attributen
 * @param {(Kind | Kind[])[]} kinderen
 * @returns {E}
 */
function vul(element, attributen, kinderen) {
  for (const [naam, waarde] of Object.entries(attributen)) {
    if (typeof waarde === 'function') element.addEventListener(naam.slice(2), waarde);
    else if (waarde === true) element.setAttribute(naam, '');
    else if (waarde !== false && waarde !== null && waarde !== undefined) element.setAttribute(naam, String(waarde));
  }
  for (const kind of kinderen.flat()) {
    if (kind === null || kind === undefined || kind === false) continue;
    element.append(kind instanceof Node ? kind : String(kind));
  }
  return element;
}

/**
 * A form handled by script only. It never navigates: the page's policy (form-action 'none') blocks
 * that anyway, and a GET form would put what was typed (a token) into the address.
 * @param {string} klasse
 * @param {() => void | Promise<void>} bijVerzenden
 * @param {...(Kind | Kind[])} kinderen
 * @returns {HTMLElement}
 */
export function formulier(klasse, bijVerzenden, ...kinderen) {
  const element = h('form', { class: klasse, method: 'post' }, ...kinderen);
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    void bijVerzenden();
  });
  return element;
}

/**
 * The element with this id; the page's skeleton is fixed, so a missing one is a programming error.
 * @param {string} id
 * @returns {HTMLElement}
 */
export function element(id) {
  const gevonden = document.getElementById(id);
  if (!gevonden) throw new Error(`element #${id} ontbreekt`);
  return gevonden;
}

/**
 * A wide table in a region that scrolls on a small screen and can be reached with the keyboard.
 * @param {string} label
 * @param {HTMLElement} tabel
 */
export function scrollbaar(label, tabel) {
  return h('div', { class: 'tabel-omhulsel', role: 'region', 'aria-label': label, tabindex: 0 }, tabel);
}

/** A cell with an amount or percentage: right-aligned with tabular figures (begroot.css), so columns line up. */
export function getalCel(tekst, extra = {}) {
  return h('td', { class: 'getal', ...extra }, tekst);
}

/** Says something to screen-reader users without moving their focus (the page's polite live region). */
export function meld(tekst) {
  const regio = element('melding');
  // Emptying first makes a repeated identical message be announced again.
  regio.textContent = '';
  window.setTimeout(() => {
    regio.textContent = tekst;
  }, 50);
}
