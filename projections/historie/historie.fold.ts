import { formatBedrag, NUL, normaliseerBedrag, type Bedrag } from '../../src/shared/money';
import { upcast } from '../../src/domain/upcast';
import type { Actor, Besluit, Datum, Kolom } from '../../src/domain/shared/begrippen';
import type { RecordedEvent } from '../../src/domain/shared/recorded-event';
import {
  applyEvent,
  begrotingNaWijziging,
  jaarBoek,
  legeGrootboek,
  lagenVan,
  nieuweVouwSessie,
  nulKolommen,
  type Grootboek,
  type LedgerEvent,
} from '../grootboek.fold';
import { kolommenJson, type KolommenJson } from '../shared/format';

/**
 * Histories for the auditor: every event with a line on the subject, in positie order, with the
 * decision, the actor, when the ledger learned it and the running totals after it. The functions take
 * the (as-of filtered) events of one gemeente and fold them themselves, because the running totals
 * need the state after each event, not only the final one.
 */

/** A line as stored in the event (amounts normalised to two decimals), so its shape follows the event type. */
export type HistorieRegel = object;

export interface HistorieItem<TStand> {
  eventId: string;
  type: string;
  positie: number;
  recordedAt: string;
  datum: Datum;
  actor: Actor;
  besluit: Besluit | null;
  /** Only the lines that touch the subject; amounts as two-decimal strings. */
  regels: HistorieRegel[];
  stand: TStand;
  /** For a CorrectieGeboekt: the eventId of the event it corrects. */
  correctieVan?: string;
}

export interface Historie<TStand> {
  items: HistorieItem<TStand>[];
}

export interface DoelStand {
  begrotingNaWijziging: KolommenJson;
  jaarrekening: KolommenJson;
}

export interface ReserveStand {
  /** Realised ledger balance after the event: beginsaldo plus every realised mutation so far. */
  saldo: Bedrag;
  /** The budget year of the event, or null for a registry event; `begroot` covers that year. */
  jaar: number | null;
  begroot: { toevoegingen: Bedrag; onttrekkingen: Bedrag } | null;
}

export interface KredietStand {
  omvang: Bedrag;
  besteed: Bedrag;
  restant: Bedrag;
}

/** Lines an event has on the subject, or null when the event does not concern the subject at all. */
type Selectie = (event: LedgerEvent, voor: Grootboek) => HistorieRegel[] | null;

/**
 * The subject a history item belongs to: `doel:2022:2.3.1`, `reserve:RES-HERSTEL`, `krediet:KR-1`, or
 * `jaar:2022` for the year's lifecycle events (BegrotingVastgesteld, JaarrekeningVastgesteld), which
 * every doel's history shows, also a doel that the event has no line for.
 */
export const onderwerp = {
  doel: (jaar: number, doel: string) => `doel:${jaar}:${doel}`,
  jaar: (jaar: number) => `jaar:${jaar}`,
  reserve: (reserve: string) => `reserve:${reserve}`,
  krediet: (krediet: string) => `krediet:${krediet}`,
};

/** A subject an event has an item on, and that event's positie: what the history read model stores. */
export interface OnderwerpVerwijzing {
  onderwerp: string;
  positie: number;
}

/**
 * The subjects an event has a history item on, without building the items (no envelope, no running
 * totals): what the history read model keeps (projections/historie/historie.projector.ts). Decided by
 * the same walk as `alleHistorieItems`, so the two cannot disagree on which subjects an event concerns.
 */
export function onderwerpenVan(voor: Grootboek, na: Grootboek, recorded: RecordedEvent): OnderwerpVerwijzing[] {
  const verwijzingen: OnderwerpVerwijzing[] = [];
  volgOnderwerpen(voor, na, recorded, (sleutel) => verwijzingen.push({ onderwerp: sleutel, positie: recorded.positie }), false);
  return verwijzingen;
}

type Envelop = Omit<HistorieItem<unknown>, 'regels' | 'stand'>;

function envelopVan(recorded: RecordedEvent): Envelop {
  const event = upcast<LedgerEvent>(recorded);
  return {
    eventId: recorded.eventId,
    type: recorded.type,
    positie: recorded.positie,
    recordedAt: recorded.recordedAt,
    datum: recorded.datum,
    actor: recorded.metadata.actor,
    besluit: besluitVan(event, recorded),
    ...(event.type === 'CorrectieGeboekt' ? { correctieVan: event.data.corrigeert } : {}),
  };
}

/** An item's fields in the order answers and exports show them: envelope, lines, totals, then `correctieVan`. */
function itemVan(basis: Envelop, regels: HistorieRegel[], stand: unknown): HistorieItem<unknown> {
  const { correctieVan, ...kern } = basis;
  return { ...kern, regels, stand, ...(correctieVan !== undefined ? { correctieVan } : {}) };
}

/**
 * Walks the subjects one event concerns and hands each its lines and (lazily, because formatting the
 * totals is most of an item's cost) its running totals after the event. Without `metDoelRegels` a doel
 * gets placeholders for its lines: for callers that only need the subjects.
 */
function volgOnderwerpen(
  voor: Grootboek,
  na: Grootboek,
  recorded: RecordedEvent,
  voeg: (sleutel: string, regels: HistorieRegel[], stand: () => unknown) => void,
  metDoelRegels = true,
): void {
  // An event at or below the folded positie was a replay: it is already in the history.
  if (voor === na) return;
  const event = upcast<LedgerEvent>(recorded);
  // The stored tags, not `tagsVan(event)` again: every writer stores `tagsVan` of the event it appends,
  // and rule 6's append condition already relies on them. Recomputing them was a third of what finding
  // a rebuild's subjects cost (issue 7). An upcaster must therefore never change which doelen, reserves
  // or kredieten an event names (src/domain/upcast.ts).
  const termen = termenVan(recorded.tags);
  const jaar = jaarVan(event);
  if (jaar !== null) {
    const perDoel = doelRegels(event, metDoelRegels);
    for (const doel of termen.doelen) {
      const regels = perDoel.get(doel);
      if (regels !== undefined) voeg(onderwerp.doel(jaar, doel), regels, () => doelStand(na, jaar, doel));
    }
    if (event.type === 'BegrotingVastgesteld' || event.type === 'JaarrekeningVastgesteld') voeg(onderwerp.jaar(jaar), [], () => null);
  }
  for (const reserve of termen.reserves) {
    const regels = reserveSelectie(reserve)(event, voor);
    if (regels !== null) voeg(onderwerp.reserve(reserve), regels, () => reserveStand(na, event, reserve));
  }
  const kredieten = new Set(termen.kredieten);
  if (event.type === 'CorrectieGeboekt') {
    const projectmutatie = voor.projectmutaties[event.data.corrigeert];
    if (projectmutatie) kredieten.add(projectmutatie.krediet);
  }
  for (const krediet of kredieten) {
    const regels = kredietSelectie(krediet)(event, voor);
    if (regels !== null) voeg(onderwerp.krediet(krediet), regels, () => kredietStand(na, krediet));
  }
}

/** An event's tags by kind, their prefixes (`doel:`, `reserve:`, `krediet:`) taken off; in one pass. */
function termenVan(tags: readonly string[]): { doelen: string[]; reserves: string[]; kredieten: string[] } {
  const termen = { doelen: [] as string[], reserves: [] as string[], kredieten: [] as string[] };
  for (const tag of tags) {
    if (tag.startsWith('doel:')) termen.doelen.push(tag.slice(5));
    else if (tag.startsWith('reserve:')) termen.reserves.push(tag.slice(8));
    else if (tag.startsWith('krediet:')) termen.kredieten.push(tag.slice(8));
  }
  return termen;
}

/**
 * Every history item of a gemeente's (as-of filtered) events, per subject, in positie order; with
 * `alleen`, only the items of those subjects. The events may be a subset of the log, as long as it holds
 * every event of the wanted subjects: a subject's running totals depend on its own events only
 * (grootboek.fold.ts books every amount as a delta on one doel, reserve or krediet, and a reserve's
 * beginsaldo or a krediet's omvang comes from its own ReserveIngesteld or KredietVerleend), so other
 * events do not move them. That is how the history read model answers (historie.projector.ts); the
 * property test in test/integration/projecties.property.spec.ts loads every subject on its own. Items
 * are final once made: a later event never changes an earlier item, so `positie` and `bekendOp` views of
 * a history are prefixes.
 */
export function alleHistorieItems(events: readonly RecordedEvent[], alleen?: ReadonlySet<string>): Map<string, HistorieItem<unknown>[]> {
  return vouwHistorieVerder(null, events, alleen).items;
}

/** A history fold that can go on: the items so far and the state they were taken from. */
export interface HistorieVouw {
  grootboek: Grootboek;
  items: Map<string, HistorieItem<unknown>[]>;
}

/**
 * `alleHistorieItems`, continued from an earlier fold with the events after it (all later than its
 * state's positie). The earlier fold is left as it was (its lists are copied, its state is only read:
 * a new fold session copies what it changes), so an answer kept for an earlier checkpoint stays valid.
 * A busy reserve's history then costs the events since the last request, not all of its events.
 */
export function vouwHistorieVerder(vorige: HistorieVouw | null, events: readonly RecordedEvent[], alleen?: ReadonlySet<string>): HistorieVouw {
  const geordend = [...events].sort((a, b) => a.positie - b.positie);
  const perOnderwerp = new Map<string, HistorieItem<unknown>[]>([...(vorige?.items ?? [])].map(([sleutel, lijst]) => [sleutel, [...lijst]]));
  // One fold session: the items of each event are taken right after it, before the next reuses the state.
  const sessie = nieuweVouwSessie();
  let grootboek = vorige?.grootboek ?? legeGrootboek();
  for (const recorded of geordend) {
    const voor = grootboek;
    grootboek = applyEvent(grootboek, recorded, sessie);
    let basis: Envelop | null = null;
    volgOnderwerpen(voor, grootboek, recorded, (sleutel, regels, stand) => {
      if (alleen && !alleen.has(sleutel)) return;
      basis ??= envelopVan(recorded);
      const lijst = perOnderwerp.get(sleutel) ?? [];
      lijst.push(itemVan(basis, regels, stand()));
      perOnderwerp.set(sleutel, lijst);
    });
  }
  return { grootboek, items: perOnderwerp };
}

/**
 * A doel's history: its own items merged with the year's lifecycle items. A lifecycle event without a
 * line on the doel did not move the doel's totals, so its running totals are those of the doel's
 * previous item (or zero before the first).
 */
export function doelHistorieUit(eigen: readonly HistorieItem<unknown>[], jaarItems: readonly HistorieItem<unknown>[]): Historie<DoelStand> {
  const items: HistorieItem<DoelStand>[] = [];
  const eigenPerPositie = new Map(eigen.map((item) => [item.positie, item]));
  const alle = [...eigen, ...jaarItems.filter((item) => !eigenPerPositie.has(item.positie))].sort((a, b) => a.positie - b.positie);
  let stand: DoelStand = NUL_STAND;
  for (const item of alle) {
    if (eigenPerPositie.get(item.positie) === item) {
      stand = item.stand as DoelStand;
      items.push(item as HistorieItem<DoelStand>);
    } else {
      items.push({ ...item, regels: [], stand });
    }
  }
  return { items };
}

const NUL_STAND: DoelStand = { begrotingNaWijziging: kolommenJson(nulKolommen()), jaarrekening: kolommenJson(nulKolommen()) };

function besluitVan(event: LedgerEvent, recorded: RecordedEvent): Besluit | null {
  const data = event.data as { besluit?: Besluit };
  return data.besluit ?? recorded.metadata.besluit ?? null;
}

const metBedrag = <T extends { bedrag: Bedrag }>(regel: T): T => ({ ...regel, bedrag: normaliseerBedrag(regel.bedrag) });

// ---------------------------------------------------------------------------------------------
// Doel
// ---------------------------------------------------------------------------------------------

/**
 * Historie of a doel in a year: every event with a line on it, its VerschilToegelicht, and the year's
 * lifecycle events (BegrotingVastgesteld, JaarrekeningVastgesteld) even when they have no line on it.
 */
export function historieVanDoel(events: readonly RecordedEvent[], jaar: number, doel: string): Historie<DoelStand> {
  const items = alleHistorieItems(events);
  return doelHistorieUit(items.get(onderwerp.doel(jaar, doel)) ?? [], items.get(onderwerp.jaar(jaar)) ?? []);
}

/**
 * The lines a budget-year event has on each doel of its year, grouped by doel in one pass over its lines
 * (a doel without lines is absent). Lifecycle events come through the year's own items. One pass, not
 * one per doel: an adopted budget has a line for each of its hundreds of doelen, and filtering all lines
 * for every doel made it quadratic.
 */
function doelRegels(event: LedgerEvent, bouwRegels: boolean): Map<string, HistorieRegel[]> {
  const perDoel = new Map<string, HistorieRegel[]>();
  // Without `bouwRegels` only the keys count (which doelen have lines): the read model stores no lines,
  // and building them (copies, normalised amounts) was a third of what finding the subjects cost.
  const voeg = (doel: string, regel: () => HistorieRegel) => {
    const gebouwd = bouwRegels ? regel() : GEEN_REGEL;
    const regels = perDoel.get(doel);
    if (regels) regels.push(gebouwd);
    else perDoel.set(doel, [gebouwd]);
  };
  switch (event.type) {
    case 'BegrotingVastgesteld':
      for (const regel of event.data.regels) {
        voeg(regel.doel, () => ({
          doel: regel.doel,
          lasten: normaliseerBedrag(regel.lasten),
          baten: normaliseerBedrag(regel.baten),
          toevoegingReserves: regel.toevoegingReserves.map(metBedrag),
          onttrekkingReserves: regel.onttrekkingReserves.map(metBedrag),
        }));
      }
      break;
    case 'ProjectmutatieGeboekt':
    case 'ReservemutatieGeboekt':
      voeg(event.data.doel, () => metBedrag(zonderJaar(event.data)));
      break;
    case 'VerschilToegelicht':
      voeg(event.data.doel, () => zonderJaar(event.data));
      break;
    case 'BegrotingswijzigingVastgesteld':
      for (const onderdeel of event.data.onderdelen) {
        for (const regel of onderdeel.regels) voeg(regel.doel, () => ({ ...metBedrag(regel), onderdeel: onderdeel.titel, aard: onderdeel.aard }));
      }
      break;
    case 'RealisatieGeboekt':
    case 'CorrectieGeboekt': {
      const regels: { doel: string; kolom: Kolom; bedrag: Bedrag }[] = event.data.regels;
      for (const regel of regels) voeg(regel.doel, () => metBedrag(regel));
      break;
    }
    default:
      break;
  }
  return perDoel;
}

const GEEN_REGEL: HistorieRegel = Object.freeze({});

function doelStand(na: Grootboek, jaar: number, doel: string): DoelStand {
  const lagen = lagenVan(jaarBoek(na, jaar), doel);
  return { begrotingNaWijziging: kolommenJson(begrotingNaWijziging(lagen)), jaarrekening: kolommenJson(lagen.jaarrekening) };
}

// ---------------------------------------------------------------------------------------------
// Reserve
// ---------------------------------------------------------------------------------------------

/** Historie of a reserve: its registry events and every budgeted or realised line naming it, in every year. */
export function historieVanReserve(events: readonly RecordedEvent[], reserve: string): Historie<ReserveStand> {
  return { items: (alleHistorieItems(events).get(onderwerp.reserve(reserve)) ?? []) as HistorieItem<ReserveStand>[] };
}

function reserveSelectie(reserve: string): Selectie {
  return (event) => {
    switch (event.type) {
      case 'ReserveIngesteld':
        return event.data.reserve === reserve ? [{ ...event.data, beginsaldo: normaliseerBedrag(event.data.beginsaldo) }] : null;
      case 'ReserveOpgeheven':
        return event.data.reserve === reserve ? [] : null;
      case 'ReservesaldoVolgensBalansVastgelegd':
        return event.data.reserve === reserve ? [{ ...event.data, saldo: normaliseerBedrag(event.data.saldo) }] : null;
      case 'BegrotingVastgesteld': {
        const regels = event.data.regels.flatMap((regel) => [
          ...regel.toevoegingReserves
            .filter((entry) => entry.reserve === reserve)
            .map((entry) => ({ doel: regel.doel, kolom: 'toevoegingReserves', reserve, bedrag: normaliseerBedrag(entry.bedrag) })),
          ...regel.onttrekkingReserves
            .filter((entry) => entry.reserve === reserve)
            .map((entry) => ({ doel: regel.doel, kolom: 'onttrekkingReserves', reserve, bedrag: normaliseerBedrag(entry.bedrag) })),
        ]);
        return regels.length > 0 ? regels : null;
      }
      case 'ProjectmutatieGeboekt':
        return event.data.reserve === reserve ? [metBedrag(zonderJaar(event.data))] : null;
      case 'ReservemutatieGeboekt':
        return event.data.reserve === reserve ? [metBedrag(zonderJaar(event.data))] : null;
      case 'BegrotingswijzigingVastgesteld': {
        const regels = event.data.onderdelen.flatMap((onderdeel) =>
          onderdeel.regels
            .filter((regel) => regel.reserve === reserve)
            .map((regel) => ({ ...metBedrag(regel), onderdeel: onderdeel.titel, aard: onderdeel.aard })),
        );
        return regels.length > 0 ? regels : null;
      }
      case 'CorrectieGeboekt': {
        const regels = event.data.regels.filter((regel) => regel.reserve === reserve).map(metBedrag);
        return regels.length > 0 ? regels : null;
      }
      default:
        return null;
    }
  };
}

function reserveStand(na: Grootboek, event: LedgerEvent, reserve: string): ReserveStand {
  const boek = na.reserves[reserve];
  let saldo = boek?.beginsaldo ?? NUL;
  for (const jaarBoekVan of Object.values(na.jaren)) {
    for (const totalen of Object.values(jaarBoekVan.reservemutaties[reserve] ?? {})) {
      saldo = saldo.plus(totalen.realisatie.toevoegingen).minus(totalen.realisatie.onttrekkingen);
    }
  }
  const jaar = jaarVan(event);
  if (jaar === null) return { saldo: formatBedrag(saldo), jaar: null, begroot: null };
  let toevoegingen = NUL;
  let onttrekkingen = NUL;
  for (const totalen of Object.values(jaarBoek(na, jaar).reservemutaties[reserve] ?? {})) {
    toevoegingen = toevoegingen.plus(totalen.begroot.toevoegingen);
    onttrekkingen = onttrekkingen.plus(totalen.begroot.onttrekkingen);
  }
  return { saldo: formatBedrag(saldo), jaar, begroot: { toevoegingen: formatBedrag(toevoegingen), onttrekkingen: formatBedrag(onttrekkingen) } };
}

// ---------------------------------------------------------------------------------------------
// Krediet
// ---------------------------------------------------------------------------------------------

/** Historie of a krediet: grant, changes, closing, its project mutations and corrections of those. */
export function historieVanKrediet(events: readonly RecordedEvent[], krediet: string): Historie<KredietStand> {
  return { items: (alleHistorieItems(events).get(onderwerp.krediet(krediet)) ?? []) as HistorieItem<KredietStand>[] };
}

function kredietSelectie(krediet: string): Selectie {
  return (event, voor) => {
    switch (event.type) {
      case 'KredietVerleend':
        return event.data.krediet === krediet ? [{ ...zonderBesluit(event.data), omvang: normaliseerBedrag(event.data.omvang) }] : null;
      case 'KredietGewijzigd':
        return event.data.krediet === krediet ? [metBedrag(zonderBesluit(event.data))] : null;
      case 'KredietAfgesloten':
        return event.data.krediet === krediet ? [] : null;
      case 'ProjectmutatieGeboekt':
        return event.data.krediet === krediet ? [metBedrag(zonderJaar(event.data))] : null;
      case 'CorrectieGeboekt': {
        const projectmutatie = voor.projectmutaties[event.data.corrigeert];
        if (projectmutatie?.krediet !== krediet) return null;
        return event.data.regels.map(metBedrag);
      }
      default:
        return null;
    }
  };
}

function kredietStand(na: Grootboek, krediet: string): KredietStand {
  const omvang = na.kredieten[krediet]?.omvang ?? NUL;
  // Everything spent so far, in every year: the sum of all years up to the last one booked.
  let besteed = NUL;
  for (const besteding of Object.values(na.bestedingen[krediet] ?? {})) besteed = besteed.plus(besteding);
  return { omvang: formatBedrag(omvang), besteed: formatBedrag(besteed), restant: formatBedrag(omvang.minus(besteed)) };
}

function jaarVan(event: LedgerEvent): number | null {
  const data = event.data as { jaar?: number };
  return typeof data.jaar === 'number' ? data.jaar : null;
}

function zonderJaar<T extends { jaar: number }>(data: T): Omit<T, 'jaar'> {
  const { jaar: _jaar, ...rest } = data;
  return rest;
}

function zonderBesluit<T extends { besluit: Besluit }>(data: T): Omit<T, 'besluit'> {
  const { besluit: _besluit, ...rest } = data;
  return rest;
}

/** A page of a history: items after `naPositie`, at most `limiet`. */
export interface Pagina {
  naPositie: number;
  limiet: number;
}

/**
 * One page of a history, in positie order. `volgende` is the `naPositie` of the next page, or null
 * when this page holds the last item.
 */
export function paginaVan<TStand>(historie: Historie<TStand>, pagina: Pagina): Historie<TStand> & { volgende: number | null } {
  const na = historie.items.filter((item) => item.positie > pagina.naPositie);
  const items = na.slice(0, pagina.limiet);
  return { items, volgende: na.length > items.length ? items[items.length - 1].positie : null };
}
