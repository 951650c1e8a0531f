// @ts-check
/**
 * Verification of the gemeente's hash chain: whether every event still hashes to its successor, and
 * the head (positie and hash) for the auditor to write down outside this system. A head written down
 * earlier can be checked again: it proves nothing before it changed since.
 */
import { ApiFout, haal } from './api.js';
import { formulier, h } from './dom.js';

const HASH = /^[0-9a-f]{64}$/;

/**
 * @param {{gemeente: string, jaar: number}} route
 * @param {import('./app.js').Context} context
 */
export async function verificatiePagina(route, context) {
  const kop = [
    h('h1', { tabindex: -1 }, 'Verificatie van de hashketen'),
    h('p', {}, `Elke gebeurtenis van gemeente ${route.gemeente} draagt de hash van de vorige. De verificatie rekent de hele keten na; een peildatum geldt hier niet.`),
  ];
  let uitslag;
  try {
    uitslag = await haal('/verificatie', { gemeente: route.gemeente }, context.signaal);
  } catch (fout) {
    if (fout instanceof ApiFout && fout.status === 403) {
      return { titel: 'Verificatie', knopen: [...kop, h('p', { class: 'fout', role: 'alert' }, `Alleen een auditor of beheerder kan de keten verifiëren. ${fout.message}`)] };
    }
    throw fout;
  }
  return {
    titel: `Verificatie ${route.gemeente}`,
    knopen: [
      ...kop,
      uitslagBlok(uitslag, 'verificatie-uitslag'),
      h('h2', {}, 'Kop om te noteren'),
      h('p', {}, 'Noteer positie en hash buiten Begroot (in het dossier, op papier). Wie later dezelfde positie en hash controleert, weet dat niets tot die positie is veranderd, ook niet door iemand met toegang tot de database.'),
      h('dl', { class: 'kop-gegevens' }, h('dt', {}, 'Koppositie'), h('dd', { id: 'kop-positie' }, String(uitslag.kopPositie)), h('dt', {}, 'Kophash (SHA-256)'), h('dd', {}, h('code', { id: 'kop-hash', class: 'hash' }, uitslag.kopHash))),
      h('h2', {}, 'Een eerder genoteerde kop controleren'),
      controleFormulier(route),
    ],
  };
}

/**
 * @param {{geldig: boolean, aantalEvents: number, kopPositie: number, eersteFout: null | {positie: number, reden: string}}} uitslag
 * @param {string} id
 */
function uitslagBlok(uitslag, id) {
  return h(
    'div',
    { id, class: uitslag.geldig ? 'uitslag geldig' : 'uitslag ongeldig', 'data-geldig': String(uitslag.geldig) },
    h('p', {}, h('strong', {}, uitslag.geldig ? 'De keten is geldig.' : 'De keten is ongeldig.'), ` ${uitslag.aantalEvents} gebeurtenissen nagerekend.`),
    uitslag.eersteFout ? h('p', {}, `Eerste fout op positie ${uitslag.eersteFout.positie}: ${uitslag.eersteFout.reden}`) : null,
  );
}

/** @param {{gemeente: string}} route */
function controleFormulier(route) {
  const positie = h('input', { id: 'controle-positie', name: 'totPositie', type: 'number', inputmode: 'numeric', min: 0, step: 1, required: true });
  const hash = h('input', { id: 'controle-hash', name: 'verwachteHash', required: true, pattern: '[0-9a-f]{64}', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'controle-hash-uitleg', class: 'hash-invoer' });
  const uitkomst = h('div', { id: 'controle-uitkomst', 'aria-live': 'polite' });
  return formulier(
    'formulier',
    async () => {
      const waarde = /** @type {HTMLInputElement} */ (hash).value.trim().toLowerCase();
      const tot = /** @type {HTMLInputElement} */ (positie).value.trim();
      if (!HASH.test(waarde) || !/^\d{1,15}$/.test(tot)) {
        uitkomst.replaceChildren(h('p', { class: 'fout', role: 'alert' }, 'Vul een positie (een geheel getal) en een hash van 64 tekens 0–9 en a–f in.'));
        return;
      }
      uitkomst.replaceChildren(h('p', {}, 'Bezig met narekenen…'));
      try {
        const uitslag = await haal('/verificatie', { gemeente: route.gemeente, totPositie: tot, verwachteHash: waarde });
        uitkomst.replaceChildren(uitslagBlok(uitslag, 'controle-uitslag'));
      } catch (fout) {
        uitkomst.replaceChildren(h('p', { class: 'fout', role: 'alert' }, fout instanceof Error ? fout.message : String(fout)));
      }
    },
    h('label', { for: 'controle-positie' }, 'Genoteerde positie'),
    positie,
    h('label', { for: 'controle-hash' }, 'Genoteerde hash'),
    h('p', { id: 'controle-hash-uitleg', class: 'uitleg' }, '64 tekens, 0–9 en a–f.'),
    hash,
    h('button', { type: 'submit' }, 'Controleer'),
    uitkomst,
  );
}
