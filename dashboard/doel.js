// @ts-check
/**
 * A doel: the "Financieel overzicht doel" (the six layers in the four columns, and the saldo), the
 * budget walk as a waterfall with its table, the kredieten on the doel, and the history with each
 * besluit.
 */
import { haal, segment } from './api.js';
import { getalCel, h, scrollbaar } from './dom.js';
import { KOLOM_LABEL, KOLOMMEN, LAGEN, bedrag, centen, oordeelVan } from './opmaak.js';
import { onthoudReserves } from './reserve.js';
import { tijdlijn } from './tijdlijn.js';
import { watervalFiguur } from './waterval.js';

/**
 * @param {{gemeente: string, jaar: number, code: string}} route
 * @param {import('./app.js').Context} context
 */
export async function doelPagina(route, context) {
  const basis = `/gemeenten/${segment(route.gemeente)}/begrotingen/${route.jaar}/doelen/${segment(route.code)}`;
  const [overzicht, historie] = await Promise.all([
    haal(`${basis}/overzicht`, { ...context.peil }, context.signaal),
    haal(`${basis}/historie`, { ...context.peil }, context.signaal),
  ]);
  const { doel } = overzicht;
  const reserveLink = (/** @type {string} */ code) => h('a', { href: context.adres({ pagina: 'reserves', code }) }, code);
  onthoudReserves(route.gemeente, historie.items);

  const grafiekPlek = h('div', { id: 'grafiek' }, watervalFiguur(overzicht.lagen, 'lasten', doel.naam));
  const kolomKeuze = h(
    'select',
    { id: 'grafiek-kolom', name: 'grafiek-kolom', onchange: (event) => grafiekPlek.replaceChildren(watervalFiguur(overzicht.lagen, event.target.value, doel.naam)) },
    KOLOMMEN.map((kolom) => h('option', { value: kolom }, KOLOM_LABEL[kolom])),
  );

  return {
    titel: `Doel ${doel.code} ${doel.naam}`,
    knopen: [
      h('p', { class: 'kruimelpad' }, h('a', { href: context.adres({ pagina: 'verschillen' }) }, 'Verschillenanalyse'), ` › doel ${doel.code}`),
      h('h1', { tabindex: -1 }, `Doel ${doel.code} ${doel.naam}`),
      h('p', { class: 'uitleg', id: 'tot' }, `Programma ${doel.programma} · begrotingsjaar ${overzicht.jaar} · stand tot en met positie ${overzicht.tot.positie} in het log`),
      h('h2', {}, 'Financieel overzicht doel'),
      scrollbaar('Financieel overzicht doel', overzichtTabel(overzicht)),
      h('h2', {}, 'Begrotingsverloop'),
      h('div', { class: 'veld' }, h('label', { for: 'grafiek-kolom' }, 'Kolom in de grafiek'), kolomKeuze),
      grafiekPlek,
      h('h2', {}, 'Kredieten'),
      kredietTabel(overzicht.kredieten, overzicht.jaar),
      h('h2', {}, 'Historie'),
      h('p', { class: 'uitleg' }, 'Elke gebeurtenis met een regel op dit doel, en de vaststelling en jaarrekening van het jaar, in de volgorde van het log.'),
      tijdlijn({
        eerste: historie,
        laadNa: (naPositie) => haal(`${basis}/historie`, { ...context.peil, naPositie }),
        stand: standTekst,
        reserve: reserveLink,
        naDezeStap: (positie) => context.adres({ pagina: 'doel', code: doel.code, peil: { positie: String(positie) } }),
      }),
    ],
  };
}

/** @param {any} overzicht */
function overzichtTabel(overzicht) {
  const saldo = overzicht.saldo;
  return h(
    'table',
    { id: 'overzicht' },
    h('caption', {}, `Financieel overzicht doel ${overzicht.doel.code} ${overzicht.doel.naam}, ${overzicht.jaar}`),
    h('thead', {}, h('tr', {}, h('td'), KOLOMMEN.map((kolom) => h('th', { scope: 'col', class: 'getal' }, KOLOM_LABEL[kolom])))),
    h(
      'tbody',
      {},
      LAGEN.map(([laag, label]) =>
        h('tr', { 'data-laag': laag, class: laag === 'begrotingNaWijziging' || laag === 'resultaat' ? 'subtotaal' : null }, h('th', { scope: 'row' }, label), KOLOMMEN.map((kolom) => getalCel(bedrag(overzicht.lagen[laag][kolom]), { 'data-kolom': kolom }))),
      ),
    ),
    h('tfoot', {}, h('tr', { 'data-laag': 'saldo' }, h('th', { scope: 'row' }, 'Saldo'), h('td', { class: 'getal', id: 'saldo', colspan: 4 }, `${bedrag(saldo)} (${oordeelVan(saldo)})`))),
  );
}

/**
 * @param {any[]} kredieten
 * @param {number} jaar
 */
function kredietTabel(kredieten, jaar) {
  if (kredieten.length === 0) return h('p', { id: 'kredieten' }, 'Geen kredieten op dit doel.');
  const kop = ['Krediet', 'Omvang', `Gerealiseerd tot en met ${jaar - 1}`, `Bestedingen ${jaar}`, `Restantkrediet 31 december ${jaar}`];
  return scrollbaar(
    'Kredieten',
    h(
      'table',
      { id: 'kredieten' },
      h('caption', {}, `Kredieten op dit doel, ${jaar}`),
      h('thead', {}, h('tr', {}, kop.map((tekst, index) => h('th', { scope: 'col', class: index > 0 ? 'getal' : null }, tekst)))),
      h(
        'tbody',
        {},
        kredieten.map((krediet) =>
          h(
            'tr',
            { 'data-krediet': krediet.code },
            h('th', { scope: 'row' }, `${krediet.naam} (${krediet.code})`),
            getalCel(bedrag(krediet.omvang)),
            getalCel(bedrag(krediet.gerealiseerdTotVorigJaar)),
            getalCel(bedrag(krediet.bestedingenDitJaar)),
            getalCel(bedrag(krediet.restantkrediet), { class: centen(krediet.restantkrediet) < 0n ? 'getal ontbreekt' : 'getal' }),
          ),
        ),
      ),
    ),
  );
}

/**
 * The doel's running totals after an event: begroting na wijziging and jaarrekening, in the columns
 * that are not zero (lasten always, as the column every doel has).
 * @param {{begrotingNaWijziging: Record<string, string>, jaarrekening: Record<string, string>} | null} stand
 */
function standTekst(stand) {
  if (!stand) return null;
  const deel = (/** @type {Record<string, string>} */ kolommen) =>
    KOLOMMEN.filter((kolom) => kolom === 'lasten' || centen(kolommen[kolom]) !== 0n)
      .map((kolom) => `${KOLOM_LABEL[kolom].toLowerCase()} ${bedrag(kolommen[kolom])}`)
      .join(', ');
  return `begroting na wijziging: ${deel(stand.begrotingNaWijziging)}; jaarrekening: ${deel(stand.jaarrekening)}`;
}
