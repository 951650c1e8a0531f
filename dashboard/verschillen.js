// @ts-check
/**
 * The verschillenanalyse: per doel and kolom begroot (na wijziging), realisatie, verschil, percentage
 * and oordeel, whether a toelichting is required and given, and the doel's signals. Sortable by the
 * column headers (buttons with aria-sort), filterable by signal, with the thresholds it was judged by.
 */
import { haal, segment } from './api.js';
import { getalCel, h, meld, scrollbaar } from './dom.js';
import { KOLOM_LABEL, KOLOMMEN, SIGNAAL_LABEL, bedrag, centen, oordeelVan, percentage, tienden, vergelijkBigInt, vergelijkCodes } from './opmaak.js';

/**
 * @typedef {{begroot: string, realisatie: string, verschil: string, percentage: string | null, oordeel: string, toelichtingVereist?: boolean, toelichting?: string | null}} KolomAnalyse
 * @typedef {{doel: {code: string, naam: string, programma: string}, kolommen: Record<string, KolomAnalyse>, saldo: string, signalen: string[]}} DoelAnalyse
 * @typedef {{doel: DoelAnalyse['doel'], kolom: string, cijfers: KolomAnalyse, signalen: string[]}} Rij
 */

/** The sortable columns: how a row compares on each. A percentage of nothing (null) sorts last. */
const SORTEERBAAR = {
  doel: { label: 'Doel', vergelijk: (/** @type {Rij} */ a, /** @type {Rij} */ b) => vergelijkCodes(a.doel.code, b.doel.code) },
  kolom: { label: 'Kolom', vergelijk: (a, b) => KOLOMMEN.indexOf(a.kolom) - KOLOMMEN.indexOf(b.kolom) },
  begroot: { label: 'Begroot', vergelijk: (a, b) => vergelijkBigInt(centen(a.cijfers.begroot), centen(b.cijfers.begroot)) },
  realisatie: { label: 'Realisatie', vergelijk: (a, b) => vergelijkBigInt(centen(a.cijfers.realisatie), centen(b.cijfers.realisatie)) },
  verschil: { label: 'Verschil', vergelijk: (a, b) => vergelijkBigInt(centen(a.cijfers.verschil), centen(b.cijfers.verschil)) },
  percentage: {
    label: 'Percentage',
    vergelijk: (a, b) => {
      const [x, y] = [tienden(a.cijfers.percentage), tienden(b.cijfers.percentage)];
      return x === null ? (y === null ? 0 : 1) : y === null ? -1 : vergelijkBigInt(x, y);
    },
  },
};

/**
 * @param {{gemeente: string, jaar: number}} route
 * @param {import('./app.js').Context} context
 */
export async function verschillenPagina(route, context) {
  const analyse = await haal(`/gemeenten/${segment(route.gemeente)}/begrotingen/${route.jaar}/verschillenanalyse`, { ...context.peil }, context.signaal);
  /** @type {Rij[]} */
  const alleRijen = analyse.doelen.flatMap((/** @type {DoelAnalyse} */ doel) =>
    KOLOMMEN.map((kolom) => ({ doel: doel.doel, kolom, cijfers: doel.kolommen[kolom], signalen: doel.signalen })),
  );

  const staat = { sleutel: 'doel', richting: 'ascending', signaal: '', legeKolommen: false };
  const tbody = h('tbody');
  const kopRij = h('tr');
  const telling = h('p', { id: 'aantal-rijen', class: 'uitleg' });

  const teken = (aankondigen = false) => {
    const gekozen = alleRijen
      .filter((rij) => staat.legeKolommen || !isLeeg(rij.cijfers))
      .filter((rij) => !staat.signaal || rij.signalen.includes(staat.signaal));
    const volgorde = SORTEERBAAR[staat.sleutel].vergelijk;
    const factor = staat.richting === 'ascending' ? 1 : -1;
    // Ties keep the doel and kolom order, so a sort never shuffles equal rows at random.
    gekozen.sort((a, b) => factor * volgorde(a, b) || SORTEERBAAR.doel.vergelijk(a, b) || SORTEERBAAR.kolom.vergelijk(a, b));
    tbody.replaceChildren(...(gekozen.length > 0 ? gekozen.map((rij) => rijVan(rij, context)) : [h('tr', {}, h('td', { colspan: 9 }, 'Geen rijen bij deze keuze.'))]));
    kopRij.replaceChildren(...koppen(staat, (sleutel) => {
      staat.richting = staat.sleutel === sleutel && staat.richting === 'ascending' ? 'descending' : 'ascending';
      staat.sleutel = sleutel;
      teken(true);
      // The header row is redrawn: keep the keyboard on the button just pressed.
      /** @type {HTMLElement | null} */ (kopRij.querySelector(`button[data-sleutel="${sleutel}"]`))?.focus();
    }));
    const samenvatting = `${gekozen.length} van ${alleRijen.length} rijen, gesorteerd op ${SORTEERBAAR[staat.sleutel].label.toLowerCase()} ${staat.richting === 'ascending' ? 'oplopend' : 'aflopend'}.`;
    telling.textContent = samenvatting;
    if (aankondigen) meld(samenvatting);
  };

  const signaalKeuze = h(
    'select',
    { id: 'signaal', name: 'signaal', onchange: (event) => { staat.signaal = event.target.value; teken(true); } },
    h('option', { value: '' }, 'Alle doelen'),
    Object.entries(SIGNAAL_LABEL).map(([waarde, label]) => h('option', { value: waarde }, label)),
  );
  const legeKeuze = h('input', { id: 'lege-kolommen', type: 'checkbox', onchange: (event) => { staat.legeKolommen = event.target.checked; teken(true); } });
  teken();

  const tabel = h(
    'table',
    { id: 'verschillen' },
    h('caption', {}, `Verschillen per doel en kolom: begroting na wijziging tegenover de jaarrekening ${route.jaar}`),
    h('thead', {}, kopRij),
    tbody,
  );

  return {
    titel: `Verschillenanalyse ${route.gemeente} ${route.jaar}`,
    knopen: [
      h('h1', { tabindex: -1 }, `Verschillenanalyse ${route.jaar}`),
      h('p', { id: 'drempel' }, drempelTekst(analyse.drempel)),
      h(
        'div',
        { class: 'filters' },
        h('div', { class: 'veld' }, h('label', { for: 'signaal' }, 'Toon doelen met signaal'), signaalKeuze),
        h('div', { class: 'veld veld-vink' }, legeKeuze, h('label', { for: 'lege-kolommen' }, 'Ook kolommen zonder bedragen tonen')),
      ),
      telling,
      scrollbaar('Verschillen per doel en kolom', tabel),
      h('h2', {}, 'Totaal gemeente'),
      scrollbaar('Totaal per kolom', totaalTabel(analyse.totaal, route.jaar)),
    ],
  };
}

/** @param {KolomAnalyse} cijfers */
function isLeeg(cijfers) {
  return centen(cijfers.begroot) === 0n && centen(cijfers.realisatie) === 0n && !cijfers.toelichting;
}

/** @param {{bedrag: string, percentage: string | null}} drempel */
function drempelTekst(drempel) {
  const percentageDeel = drempel.percentage === null ? 'er is geen percentagedrempel' : `of bij een verschil van ${percentage(drempel.percentage)} van de begroting of meer`;
  return `Drempel: een toelichting is vereist bij een verschil van € ${bedrag(drempel.bedrag)} of meer; ${percentageDeel}.`;
}

/**
 * Sortable headers are buttons inside the th, and only the sorted column carries aria-sort (WAI-ARIA
 * sortable table pattern).
 * @param {{sleutel: string, richting: string}} staat
 * @param {(sleutel: string) => void} sorteer
 */
function koppen(staat, sorteer) {
  const sorteerKop = (sleutel, extraKlasse = '') => {
    const actief = staat.sleutel === sleutel;
    return h(
      'th',
      { scope: 'col', class: extraKlasse, 'aria-sort': actief ? staat.richting : null },
      h(
        'button',
        { type: 'button', class: 'sorteer', 'data-sleutel': sleutel, onclick: () => sorteer(sleutel) },
        SORTEERBAAR[sleutel].label,
        h('span', { class: 'sorteer-teken', 'aria-hidden': 'true' }, actief ? (staat.richting === 'ascending' ? ' ▲' : ' ▼') : ' ↕'),
      ),
    );
  };
  return [
    sorteerKop('doel'),
    sorteerKop('kolom'),
    sorteerKop('begroot', 'getal'),
    sorteerKop('realisatie', 'getal'),
    sorteerKop('verschil', 'getal'),
    sorteerKop('percentage', 'getal'),
    h('th', { scope: 'col' }, 'Oordeel'),
    h('th', { scope: 'col' }, 'Toelichting'),
    h('th', { scope: 'col' }, 'Signalen van het doel'),
  ];
}

/**
 * @param {Rij} rij
 * @param {import('./app.js').Context} context
 */
function rijVan(rij, context) {
  const { cijfers } = rij;
  const toelichting = cijfers.toelichting
    ? h('span', {}, cijfers.toelichting)
    : cijfers.toelichtingVereist
      ? h('strong', { class: 'ontbreekt' }, 'Ontbreekt (vereist)')
      : h('span', { class: 'uitleg' }, 'Niet vereist');
  return h(
    'tr',
    { 'data-doel': rij.doel.code, 'data-kolom': rij.kolom },
    h('th', { scope: 'row' }, h('a', { href: context.adres({ pagina: 'doel', code: rij.doel.code }) }, `${rij.doel.code} ${rij.doel.naam}`)),
    h('td', {}, KOLOM_LABEL[rij.kolom]),
    getalCel(bedrag(cijfers.begroot)),
    getalCel(bedrag(cijfers.realisatie)),
    getalCel(bedrag(cijfers.verschil)),
    getalCel(percentage(cijfers.percentage)),
    h('td', { class: `oordeel-${cijfers.oordeel}` }, cijfers.oordeel),
    h('td', { class: 'toelichting' }, toelichting),
    h('td', {}, rij.signalen.length > 0 ? h('ul', { class: 'signalen' }, rij.signalen.map((signaal) => h('li', {}, SIGNAAL_LABEL[signaal] ?? signaal))) : h('span', { class: 'uitleg' }, 'Geen')),
  );
}

/**
 * @param {{kolommen: Record<string, KolomAnalyse>, saldo: string}} totaal
 * @param {number} jaar
 */
function totaalTabel(totaal, jaar) {
  return h(
    'table',
    { id: 'totaal' },
    h('caption', {}, `Totaal van alle doelen, ${jaar}`),
    h('thead', {}, h('tr', {}, ['Kolom', 'Begroot', 'Realisatie', 'Verschil', 'Percentage', 'Oordeel'].map((kop, index) => h('th', { scope: 'col', class: index > 0 && index < 5 ? 'getal' : null }, kop)))),
    h(
      'tbody',
      {},
      KOLOMMEN.map((kolom) => {
        const cijfers = totaal.kolommen[kolom];
        return h(
          'tr',
          { 'data-kolom': kolom },
          h('th', { scope: 'row' }, KOLOM_LABEL[kolom]),
          getalCel(bedrag(cijfers.begroot)),
          getalCel(bedrag(cijfers.realisatie)),
          getalCel(bedrag(cijfers.verschil)),
          getalCel(percentage(cijfers.percentage)),
          h('td', { class: `oordeel-${cijfers.oordeel}` }, cijfers.oordeel),
        );
      }),
    ),
    // The saldo is the sum of the verschillen, so it stands under that column.
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'Saldo'), h('td'), h('td'), getalCel(bedrag(totaal.saldo)), h('td'), h('td', { class: `oordeel-${oordeelVan(totaal.saldo)}` }, oordeelVan(totaal.saldo)))),
  );
}
