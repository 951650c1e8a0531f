// @ts-check
/**
 * The budget walk of one doel and kolom as a waterfall: vastgestelde begroting, then the mutaties
 * projecten and begrotingswijzigingen as steps up or down, begroting na wijziging, the jaarrekening,
 * and the resultaat as the gap between them. Inline SVG built from the overzicht's layers, with the
 * same figures in a table beside it for anyone who cannot see the picture.
 *
 * Positions are computed from the amounts in BigInt cents; only the final pixel coordinate becomes a
 * number, so the picture can be off by a fraction of a pixel but a label never by a cent.
 */
import { getalCel, h, s, scrollbaar } from './dom.js';
import { KOLOM_LABEL, bedrag, centen, oordeelVan, uitCenten } from './opmaak.js';

const BREEDTE = 760;
const HOOGTE = 340;
const BOVEN = 34;
const ONDER = 270;
const LINKS = 20;
const STAAF_BREEDTE = 84;
const STAP_BREEDTE = (BREEDTE - 2 * LINKS) / 6;
/** Pixel positions carry this many decimals: finer than any screen, coarse enough to read in a test. */
const PIXEL_SCHAAL = 100n;

/**
 * @typedef {{sleutel: string, label: string, soort: 'totaal' | 'verandering' | 'resultaat', bedrag: string, van: bigint, tot: bigint}} Stap
 */

/**
 * The six bars of the walk for one kolom: where each starts and ends, in cents.
 * @param {Record<string, Record<string, string>>} lagen the overzicht's `lagen`
 * @param {string} kolom
 * @returns {Stap[]}
 */
export function stappenVan(lagen, kolom) {
  const waarde = (laag) => centen(lagen[laag][kolom]);
  const vastgesteld = waarde('vastgesteldeBegroting');
  const naProjecten = vastgesteld + waarde('mutatiesProjecten');
  const naWijziging = waarde('begrotingNaWijziging');
  const jaarrekening = waarde('jaarrekening');
  return [
    { sleutel: 'vastgesteldeBegroting', label: 'Vastgestelde begroting', soort: 'totaal', bedrag: lagen.vastgesteldeBegroting[kolom], van: 0n, tot: vastgesteld },
    { sleutel: 'mutatiesProjecten', label: 'Mutaties projecten', soort: 'verandering', bedrag: lagen.mutatiesProjecten[kolom], van: vastgesteld, tot: naProjecten },
    { sleutel: 'begrotingswijzigingen', label: 'Begrotingswijzigingen', soort: 'verandering', bedrag: lagen.begrotingswijzigingen[kolom], van: naProjecten, tot: naProjecten + waarde('begrotingswijzigingen') },
    { sleutel: 'begrotingNaWijziging', label: 'Begroting na wijziging', soort: 'totaal', bedrag: lagen.begrotingNaWijziging[kolom], van: 0n, tot: naWijziging },
    { sleutel: 'jaarrekening', label: 'Jaarrekening', soort: 'totaal', bedrag: lagen.jaarrekening[kolom], van: 0n, tot: jaarrekening },
    // The resultaat is the gap between budget and realisation, whichever sign the kolom gives it.
    { sleutel: 'resultaat', label: 'Resultaat', soort: 'resultaat', bedrag: lagen.resultaat[kolom], van: naWijziging, tot: jaarrekening },
  ];
}

/**
 * @param {Record<string, Record<string, string>>} lagen
 * @param {string} kolom
 * @param {string} doelNaam
 */
export function watervalFiguur(lagen, kolom, doelNaam) {
  const stappen = stappenVan(lagen, kolom);
  const grenzen = stappen.flatMap((stap) => [stap.van, stap.tot]);
  const laagste = grenzen.reduce((a, b) => (b < a ? b : a), 0n);
  const hoogste = grenzen.reduce((a, b) => (b > a ? b : a), 0n);
  const bereik = hoogste - laagste === 0n ? 1n : hoogste - laagste;
  /** The y coordinate of an amount: the highest at BOVEN, the lowest at ONDER. */
  const y = (waarde) => Number(((hoogste - waarde) * BigInt(ONDER - BOVEN) * PIXEL_SCHAAL) / bereik) / Number(PIXEL_SCHAAL) + BOVEN;
  const resultaat = stappen[5];
  const oordeel = oordeelVan(resultaat.bedrag);

  const titelId = `grafiek-titel-${kolom}`;
  const omschrijvingId = `grafiek-omschrijving-${kolom}`;
  const titel = `Begrotingsverloop ${KOLOM_LABEL[kolom].toLowerCase()}, ${doelNaam}`;
  const omschrijving =
    `Van vastgestelde begroting ${bedrag(stappen[0].bedrag)} via mutaties projecten ${bedrag(stappen[1].bedrag)} en begrotingswijzigingen ${bedrag(stappen[2].bedrag)} ` +
    `naar begroting na wijziging ${bedrag(stappen[3].bedrag)}; jaarrekening ${bedrag(stappen[4].bedrag)}; resultaat ${bedrag(resultaat.bedrag)} (${oordeel}). De tabel bij de grafiek geeft dezelfde cijfers.`;

  const svg = s(
    'svg',
    { class: 'waterval', viewBox: `0 0 ${BREEDTE} ${HOOGTE}`, role: 'img', 'aria-labelledby': `${titelId} ${omschrijvingId}`, 'data-kolom': kolom },
    s('title', { id: titelId }, titel),
    s('desc', { id: omschrijvingId }, omschrijving),
    s('line', { class: 'nullijn', x1: LINKS, x2: BREEDTE - LINKS, y1: y(0n), y2: y(0n) }),
    verbindingen(stappen, y),
    stappen.map((stap, index) => staaf(stap, index, y)),
  );
  const tabel = h(
    'table',
    { class: 'grafiek-tabel', id: `grafiek-tabel-${kolom}` },
    h('caption', {}, `${titel}: de grafiek als tabel`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Stap'), h('th', { scope: 'col', class: 'getal' }, 'Bedrag'), h('th', { scope: 'col', class: 'getal' }, 'Staaf van'), h('th', { scope: 'col', class: 'getal' }, 'Staaf tot'))),
    h(
      'tbody',
      {},
      stappen.map((stap) =>
        h('tr', { 'data-stap': stap.sleutel }, h('th', { scope: 'row' }, stap.label), getalCel(bedrag(stap.bedrag)), getalCel(bedrag(uitCenten(stap.van))), getalCel(bedrag(uitCenten(stap.tot)))),
      ),
    ),
  );
  return h(
    'figure',
    { class: 'grafiek', 'aria-labelledby': `${titelId}-bijschrift` },
    svg,
    h('figcaption', { id: `${titelId}-bijschrift` }, `${titel}. Resultaat ${bedrag(resultaat.bedrag)}, ${oordeel}.`),
    scrollbaar('De grafiek als tabel', tabel),
  );
}

/**
 * @param {Stap} stap
 * @param {number} index
 * @param {(waarde: bigint) => number} y
 */
function staaf(stap, index, y) {
  const x = LINKS + index * STAP_BREEDTE + (STAP_BREEDTE - STAAF_BREEDTE) / 2;
  const boven = Math.min(y(stap.van), y(stap.tot));
  const hoogte = Math.abs(y(stap.van) - y(stap.tot));
  const richting = stap.tot > stap.van ? 'stijging' : stap.tot < stap.van ? 'daling' : 'nul';
  const klasse = stap.soort === 'totaal' ? 'staaf-totaal' : stap.soort === 'resultaat' ? `staaf-${oordeelVan(stap.bedrag)}` : `staaf-${richting}`;
  // A zero step is still drawn, as a hairline, so the reader sees it was there and was nothing.
  const zichtbareHoogte = Math.max(hoogte, 1.5);
  // The amount sits above the bar, or under a step down; the resultaat's oordeel goes on a second line,
  // as the pair is wider than a bar. A label that would run into the step names goes above instead.
  const regelsLabel = stap.soort === 'resultaat' ? 2 : 1;
  const onder = stap.soort !== 'totaal' && richting === 'daling' && boven + zichtbareHoogte + 16 * regelsLabel < ONDER;
  const labelY = onder ? boven + zichtbareHoogte + 16 : boven - 8 - 15 * (regelsLabel - 1);
  const midden = x + STAAF_BREEDTE / 2;
  const [eerste, tweede] = ONDERSCHRIFT[stap.sleutel];
  return s(
    'g',
    { class: 'stap', 'data-stap': stap.sleutel, 'data-van': uitCenten(stap.van), 'data-tot': uitCenten(stap.tot) },
    s('rect', { class: klasse, x, y: boven - (zichtbareHoogte - hoogte) / 2, width: STAAF_BREEDTE, height: zichtbareHoogte }),
    s(
      'text',
      { class: 'waarde', x: midden, y: labelY, 'text-anchor': 'middle' },
      // The space closing the first line keeps the label's text "233.806 voordelig" for copy and tests.
      stap.soort === 'resultaat' ? [s('tspan', { x: midden }, `${bedrag(stap.bedrag)} `), s('tspan', { x: midden, dy: 15 }, oordeelVan(stap.bedrag))] : bedrag(stap.bedrag),
    ),
    s('text', { class: 'stap-label', x: midden, y: ONDER + 28, 'text-anchor': 'middle' }, s('tspan', { x: midden }, eerste), tweede ? s('tspan', { x: midden, dy: 16 }, tweede) : null),
  );
}

/** Each step's name on two short lines under its bar: a bar is narrower than the longest name. */
const ONDERSCHRIFT = {
  vastgesteldeBegroting: ['Vastgestelde', 'begroting'],
  mutatiesProjecten: ['Mutaties', 'projecten'],
  begrotingswijzigingen: ['Begrotings-', 'wijzigingen'],
  begrotingNaWijziging: ['Begroting na', 'wijziging'],
  jaarrekening: ['Jaarrekening', ''],
  resultaat: ['Resultaat', ''],
};

/**
 * Dashed lines carrying each level to the bar that continues from it, in the gaps between bars only.
 * @param {Stap[]} stappen
 * @param {(waarde: bigint) => number} y
 */
function verbindingen(stappen, y) {
  const rechts = (index) => LINKS + index * STAP_BREEDTE + (STAP_BREEDTE + STAAF_BREEDTE) / 2;
  const links = (index) => LINKS + index * STAP_BREEDTE + (STAP_BREEDTE - STAAF_BREEDTE) / 2;
  const lijn = (van, naar, niveau) => s('line', { class: 'verbinding', x1: rechts(van), x2: links(naar), y1: y(niveau), y2: y(niveau) });
  const naWijziging = stappen[3].tot;
  // The begroting na wijziging carries on to the resultaat past the jaarrekening's column, not across
  // it: a little above a jaarrekening just under budget the line ran through its amount, and through
  // its bar when more was realised than budgeted.
  return [lijn(0, 1, stappen[0].tot), lijn(1, 2, stappen[1].tot), lijn(2, 3, stappen[2].tot), lijn(3, 4, naWijziging), lijn(4, 5, naWijziging), lijn(4, 5, stappen[4].tot)];
}
