// @ts-check
/**
 * The reservestaat of one reserve and year: saldo 1 januari, toevoegingen and onttrekkingen (begroot
 * and realisatie, also per doel), saldo 31 december, and the reconciliation with the balance sheet;
 * with the reserve's history below it. The API has no list of a gemeente's reserves, so the page asks
 * for a code and offers the codes this tab has met in histories.
 */
import { haal, segment } from './api.js';
import { formulier, getalCel, h, scrollbaar } from './dom.js';
import { bedrag, centen } from './opmaak.js';
import { tijdlijn } from './tijdlijn.js';

const BEKEND_SLEUTEL = 'begroot.reserves.';
const RESERVE_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Codes remembered per gemeente for the suggestion list; old ones drop off. */
const MAX_BEKEND = 50;

/**
 * Remembers the reserves named in a history's lines, to suggest them on the reserve page.
 * @param {string} gemeente
 * @param {{regels: any[]}[]} items
 */
export function onthoudReserves(gemeente, items) {
  const codes = items.flatMap((item) =>
    item.regels.flatMap((regel) => [regel.reserve, ...(regel.toevoegingReserves ?? []).map((r) => r.reserve), ...(regel.onttrekkingReserves ?? []).map((r) => r.reserve)]),
  );
  const bekend = new Set([...bekendeReserves(gemeente), ...codes.filter((code) => typeof code === 'string' && RESERVE_CODE.test(code))]);
  sessionStorage.setItem(BEKEND_SLEUTEL + gemeente, JSON.stringify([...bekend].slice(-MAX_BEKEND)));
}

/** @param {string} gemeente @returns {string[]} */
function bekendeReserves(gemeente) {
  try {
    const waarde = JSON.parse(sessionStorage.getItem(BEKEND_SLEUTEL + gemeente) ?? '[]');
    return Array.isArray(waarde) ? waarde.filter((code) => typeof code === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * @param {{gemeente: string, jaar: number, code?: string}} route
 * @param {import('./app.js').Context} context
 */
export async function reservePagina(route, context) {
  const keuze = keuzeFormulier(route, context);
  if (!route.code) {
    return { titel: 'Reservestaat', knopen: [h('h1', { tabindex: -1 }, `Reservestaat ${route.jaar}`), keuze] };
  }
  const basis = `/gemeenten/${segment(route.gemeente)}/reserves/${segment(route.code)}`;
  const [staat, historie] = await Promise.all([
    haal(`${basis}/staat`, { jaar: route.jaar, ...context.peil }, context.signaal),
    haal(`${basis}/historie`, { ...context.peil }, context.signaal),
  ]);
  onthoudReserves(route.gemeente, [{ regels: [{ reserve: staat.reserve.code }] }]);
  const soort = staat.reserve.soort === 'algemeen' ? 'algemene reserve' : 'bestemmingsreserve';
  return {
    titel: `Reservestaat ${staat.reserve.code} ${route.jaar}`,
    knopen: [
      h('h1', { tabindex: -1 }, `Reservestaat ${staat.reserve.naam} ${route.jaar}`),
      h('p', { class: 'uitleg' }, `${staat.reserve.code}, ${soort}`),
      keuze,
      scrollbaar('Reservestaat', staatTabel(staat)),
      h('h2', {}, 'Per doel'),
      perDoelTabel(staat, context),
      h('h2', {}, 'Historie van de reserve'),
      tijdlijn({
        eerste: historie,
        laadNa: (naPositie) => haal(`${basis}/historie`, { ...context.peil, naPositie }),
        stand: (stand) => (stand?.saldo !== undefined ? `saldo ${bedrag(stand.saldo)}` : null),
        reserve: (code) => h('span', {}, code),
        naDezeStap: (positie) => context.adres({ pagina: 'reserves', code: staat.reserve.code, peil: { positie: String(positie) } }),
      }),
    ],
  };
}

/**
 * @param {{gemeente: string, jaar: number, code?: string}} route
 * @param {import('./app.js').Context} context
 */
function keuzeFormulier(route, context) {
  const bekend = bekendeReserves(route.gemeente);
  const invoer = h('input', { id: 'reserve-code', name: 'reserve', required: true, pattern: RESERVE_CODE.source.slice(1, -1), value: route.code ?? '', list: 'bekende-reserves', autocomplete: 'off', 'aria-describedby': 'reserve-uitleg' });
  return formulier(
    'formulier formulier-regel',
    () => {
      const code = /** @type {HTMLInputElement} */ (invoer).value.trim();
      if (RESERVE_CODE.test(code)) window.location.hash = context.adres({ pagina: 'reserves', code });
    },
    h('label', { for: 'reserve-code' }, 'Reservecode'),
    h('p', { id: 'reserve-uitleg', class: 'uitleg' }, bekend.length > 0 ? `Eerder gezien: ${bekend.join(', ')}.` : 'Bijvoorbeeld de code uit een regel in de historie van een doel.'),
    invoer,
    h('datalist', { id: 'bekende-reserves' }, bekend.map((code) => h('option', { value: code }))),
    h('button', { type: 'submit' }, 'Toon reservestaat'),
  );
}

/** @param {any} staat */
function staatTabel(staat) {
  const rij = (sleutel, label, begroot, realisatie) => h('tr', { 'data-rij': sleutel }, h('th', { scope: 'row' }, label), getalCel(begroot === null ? '' : bedrag(begroot)), getalCel(bedrag(realisatie)));
  const balans =
    staat.saldoVolgensBalans === null
      ? h('tr', { 'data-rij': 'balans' }, h('th', { scope: 'row' }, 'Saldo volgens balans'), h('td', { colspan: 2 }, 'Geen saldo volgens de balans vastgelegd in dit jaar.'))
      : [
          h('tr', { 'data-rij': 'balans' }, h('th', { scope: 'row' }, 'Saldo volgens balans'), h('td'), getalCel(bedrag(staat.saldoVolgensBalans))),
          h(
            'tr',
            { 'data-rij': 'verschil', class: centen(staat.verschilMetBalans) === 0n ? null : 'ontbreekt' },
            h('th', { scope: 'row' }, 'Verschil met balans'),
            h('td'),
            getalCel(bedrag(staat.verschilMetBalans)),
          ),
        ];
  return h(
    'table',
    { id: 'reservestaat' },
    h('caption', {}, `Staat van reserve ${staat.reserve.code} ${staat.reserve.naam}, ${staat.jaar}`),
    h('thead', {}, h('tr', {}, h('td'), h('th', { scope: 'col', class: 'getal' }, 'Begroot'), h('th', { scope: 'col', class: 'getal' }, 'Realisatie'))),
    h(
      'tbody',
      {},
      rij('saldoBegin', `Saldo 1 januari ${staat.jaar}`, null, staat.saldoBegin),
      rij('toevoegingen', '+ toevoegingen', staat.toevoegingen.begroot, staat.toevoegingen.realisatie),
      rij('onttrekkingen', '− onttrekkingen', staat.onttrekkingen.begroot, staat.onttrekkingen.realisatie),
      h('tr', { 'data-rij': 'saldoEind', class: 'subtotaal' }, h('th', { scope: 'row' }, `Saldo 31 december ${staat.jaar}`), h('td'), getalCel(bedrag(staat.saldoEind))),
      balans,
    ),
  );
}

/**
 * @param {any} staat
 * @param {import('./app.js').Context} context
 */
function perDoelTabel(staat, context) {
  if (staat.perDoel.length === 0) return h('p', { id: 'per-doel' }, `Geen mutaties in ${staat.jaar}.`);
  return scrollbaar(
    'Mutaties per doel',
    h(
      'table',
      { id: 'per-doel' },
      h('caption', {}, `Toevoegingen en onttrekkingen per doel, ${staat.jaar}`),
      h(
        'thead',
        {},
        h('tr', {}, h('th', { scope: 'col' }, 'Doel'), ['Toevoegingen begroot', 'Toevoegingen realisatie', 'Onttrekkingen begroot', 'Onttrekkingen realisatie'].map((kop) => h('th', { scope: 'col', class: 'getal' }, kop))),
      ),
      h(
        'tbody',
        {},
        staat.perDoel.map((regel) =>
          h(
            'tr',
            { 'data-doel': regel.doel.code },
            h('th', { scope: 'row' }, h('a', { href: context.adres({ pagina: 'doel', code: regel.doel.code }) }, `${regel.doel.code} ${regel.doel.naam}`)),
            getalCel(bedrag(regel.toevoegingen.begroot)),
            getalCel(bedrag(regel.toevoegingen.realisatie)),
            getalCel(bedrag(regel.onttrekkingen.begroot)),
            getalCel(bedrag(regel.onttrekkingen.realisatie)),
          ),
        ),
      ),
    ),
  );
}

