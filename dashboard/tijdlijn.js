// @ts-check
/**
 * A history (historie) as a timeline: every event in log order with its besluit, its lines on the
 * subject, who recorded it and when, and the running totals after it. Each step links to the ledger
 * as it was right after it (the API's `positie`), which is how an auditor retraces a decision.
 */
import { h } from './dom.js';
import { EVENT_LABEL, KOLOM_LABEL, bedrag, besluit, datum, tijdstip } from './opmaak.js';

/**
 * @typedef {{eventId: string, type: string, positie: number, recordedAt: string, datum: string, actor: {subject: string, rol: string}, besluit: any, regels: any[], stand: any, correctieVan?: string}} Item
 * @typedef {{items: Item[], volgende: number | null}} Pagina
 * @typedef {{
 *   eerste: Pagina,
 *   laadNa: (naPositie: number) => Promise<Pagina>,
 *   stand: (stand: any) => string | null,
 *   reserve: (code: string) => Node,
 *   naDezeStap: (positie: number) => string,
 * }} TijdlijnOpties
 */

/** @param {TijdlijnOpties} opties */
export function tijdlijn(opties) {
  if (opties.eerste.items.length === 0) return h('p', { id: 'historie' }, 'Nog geen gebeurtenissen.');
  const lijst = h('ol', { class: 'tijdlijn', id: 'historie' });
  const meer = h('button', { type: 'button', class: 'knop-licht' }, 'Meer gebeurtenissen laden');
  const voegToe = (/** @type {Pagina} */ pagina) => {
    lijst.append(...pagina.items.map((item) => itemVan(item, opties)));
    meer.hidden = pagina.volgende === null;
    meer.dataset.volgende = String(pagina.volgende ?? '');
  };
  const fout = h('p', { class: 'fout', role: 'alert' });
  meer.addEventListener('click', async () => {
    meer.setAttribute('aria-busy', 'true');
    fout.textContent = '';
    try {
      voegToe(await opties.laadNa(Number.parseInt(meer.dataset.volgende ?? '0', 10)));
    } catch (reden) {
      fout.textContent = `De volgende gebeurtenissen konden niet worden geladen: ${reden instanceof Error ? reden.message : String(reden)}`;
    } finally {
      meer.removeAttribute('aria-busy');
    }
  });
  voegToe(opties.eerste);
  return h('div', {}, lijst, meer, fout);
}

/**
 * @param {Item} item
 * @param {TijdlijnOpties} opties
 */
function itemVan(item, opties) {
  const stand = opties.stand(item.stand);
  return h(
    'li',
    { 'data-positie': item.positie, 'data-type': item.type },
    h('h3', {}, h('span', { class: 'tijdlijn-datum' }, datum(item.datum)), ' ', EVENT_LABEL[item.type] ?? item.type),
    h(
      'dl',
      {},
      h('dt', {}, 'Besluit'),
      h('dd', { class: 'besluit' }, besluit(item.besluit)),
      item.regels.length > 0 ? [h('dt', {}, 'Regels'), h('dd', {}, h('ul', { class: 'regels' }, item.regels.map((regel) => h('li', {}, regelTekst(regel, opties)))))] : null,
      stand ? [h('dt', {}, 'Stand daarna'), h('dd', { class: 'stand' }, stand)] : null,
      item.correctieVan ? [h('dt', {}, 'Corrigeert'), h('dd', {}, h('code', {}, item.correctieVan))] : null,
      h('dt', {}, 'Vastgelegd'),
      h('dd', {}, `${tijdstip(item.recordedAt)} door ${item.actor.subject} (${item.actor.rol}), positie ${item.positie}`),
    ),
    h('p', {}, h('a', { href: opties.naDezeStap(item.positie) }, 'Grootboek zoals het was na deze stap')),
  );
}

/**
 * One line of an event in words. The lines keep the event's own shape (API.md, historie), so the
 * words follow the fields present.
 * @param {any} regel
 * @param {TijdlijnOpties} opties
 * @returns {(Node | string)[]}
 */
function regelTekst(regel, opties) {
  const doel = regel.doel ? ` (doel ${regel.doel})` : '';
  const reserveDeel = (/** @type {string} */ voorzetsel) => (regel.reserve ? [` ${voorzetsel} reserve `, opties.reserve(regel.reserve)] : []);
  if ('lasten' in regel && 'baten' in regel) {
    const reserves = [
      ...(regel.toevoegingReserves ?? []).map((r) => [`, toevoeging ${bedrag(r.bedrag)} aan reserve `, opties.reserve(r.reserve)]),
      ...(regel.onttrekkingReserves ?? []).map((r) => [`, onttrekking ${bedrag(r.bedrag)} uit reserve `, opties.reserve(r.reserve)]),
    ].flat();
    return [`Lasten ${bedrag(regel.lasten)}, baten ${bedrag(regel.baten)}`, ...reserves, doel];
  }
  if (regel.soort === 'toevoeging' || regel.soort === 'onttrekking') {
    return [`${regel.soort === 'toevoeging' ? 'Toevoeging' : 'Onttrekking'} ${bedrag(regel.bedrag)}`, ...reserveDeel(regel.soort === 'toevoeging' ? 'aan' : 'uit'), doel];
  }
  if (regel.krediet && regel.bedrag !== undefined) {
    return [`Lasten ${bedrag(regel.bedrag)} op krediet ${regel.krediet}`, ...reserveDeel('gedekt uit'), doel];
  }
  if (regel.tekst !== undefined) {
    return [`Toelichting${regel.kolom ? ` op ${KOLOM_LABEL[regel.kolom]?.toLowerCase() ?? regel.kolom}` : ''}: “${regel.tekst}”`];
  }
  if (regel.beginsaldo !== undefined) return [`Beginsaldo ${bedrag(regel.beginsaldo)}${regel.peildatum ? ` per ${datum(regel.peildatum)}` : ''}`];
  if (regel.saldo !== undefined) return [`Saldo volgens de balans ${bedrag(regel.saldo)}${regel.datum ? ` op ${datum(regel.datum)}` : ''}`];
  if (regel.kolom && regel.bedrag !== undefined) {
    const onderdeel = regel.onderdeel ? ` — onderdeel “${regel.onderdeel}”${regel.aard ? `, ${regel.aard}` : ''}` : '';
    return [`${KOLOM_LABEL[regel.kolom] ?? regel.kolom} ${bedrag(regel.bedrag)}`, ...reserveDeel(regel.kolom === 'toevoegingReserves' ? 'aan' : 'uit'), doel, onderdeel];
  }
  // A shape this page does not know yet: shown as it came rather than hidden.
  return [JSON.stringify(regel)];
}
