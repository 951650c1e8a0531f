import Big from 'big.js';
import { bedrag, NUL } from '../src/shared/money';
import { upcast } from '../src/domain/upcast';
import type { Datum, GeboekteLaag, GemeenteCode, Kolom, ReserveSoort } from '../src/domain/shared/begrippen';
import { isReserveKolom } from '../src/domain/shared/begrippen';
import type { RecordedEvent } from '../src/domain/shared/recorded-event';
import type { GemeenteEvent } from '../src/domain/gemeente/gemeente.events';
import type { BegrotingEvent, DoelDefinitie } from '../src/domain/begroting/begroting.events';

/**
 * The grootboek: every amount of one gemeente folded into cells (jaar, doel, laag, kolom), plus the
 * registry (reserves, kredieten, settings) the reports need. Every report in `projections/` is a pure
 * function of this state, so a report as of an earlier moment is simply the fold of fewer events.
 *
 * The state is immutable to its readers: `applyEvent` returns a new state and copies only the path it
 * changes, so a state kept from before stays as it was and a rebuild equals incremental use.
 *
 * Copying a path costs the size of each object on it, and a year of 300 doelen has a 300-entry
 * `boekingen` object: copying that for each of 10,000 events was most of a fold's time. So a caller
 * that folds many events may pass a `VouwSessie`: an object this session copied once may be changed
 * in place by later events of the same session, since nobody outside the session has seen it. Objects
 * from before the session are never changed. The root state is always a new object per event, so
 * `voor !== na` still says "this event changed something", and `voor.positie` stays the position before.
 */

export type LedgerEvent = GemeenteEvent | BegrotingEvent;

export type Kolommen = Readonly<Record<Kolom, Big>>;
export type Lagen = Readonly<Record<GeboekteLaag, Kolommen>>;

export interface MutatieTotalen {
  readonly toevoegingen: Big;
  readonly onttrekkingen: Big;
}

/** Reserve amounts of one doel in one year: budgeted (na wijziging) and realised. */
export interface ReservemutatieTotalen {
  readonly begroot: MutatieTotalen;
  readonly realisatie: MutatieTotalen;
}

export interface Toelichting {
  readonly tekst: string;
  readonly eventId: string;
  readonly positie: number;
}

export interface JaarBoek {
  readonly jaar: number;
  /** Doel definitions of the year by code (added or renamed by DoelenVastgelegd). */
  readonly doelen: Readonly<Record<string, DoelDefinitie>>;
  /** Booked totals per doel. A doel appears here once anything was booked on it. */
  readonly boekingen: Readonly<Record<string, Lagen>>;
  /** Reserve code → doel code → totals. */
  readonly reservemutaties: Readonly<Record<string, Readonly<Record<string, ReservemutatieTotalen>>>>;
  /** Key `toelichtingSleutel(doel, kolom)`; the newest wins because events are folded in positie order. */
  readonly toelichtingen: Readonly<Record<string, Toelichting>>;
  readonly begrotingVastgesteld: boolean;
  readonly jaarrekeningVastgesteld: boolean;
}

export interface Balanssaldo {
  readonly datum: Datum;
  readonly saldo: Big;
  readonly positie: number;
}

export interface ReserveBoek {
  readonly code: string;
  readonly naam: string;
  readonly soort: ReserveSoort;
  readonly beginsaldo: Big;
  readonly peildatum: Datum;
  readonly opgeheven: boolean;
  /** Balance-sheet figures stated by the accountant, in positie order. */
  readonly balanssaldi: readonly Balanssaldo[];
}

export interface KredietBoek {
  readonly code: string;
  readonly naam: string;
  readonly doel: string;
  readonly omvang: Big;
  readonly afgesloten: boolean;
}

export interface Instellingen {
  readonly drempelBedrag: Big;
  /** A decimal string (`"10"`, `"7.5"`), or null: no percentage threshold. */
  readonly drempelPercentage: string | null;
}

export interface Grootboek {
  readonly gemeente: { readonly code: GemeenteCode; readonly naam: string } | null;
  readonly instellingen: Instellingen;
  /** Keyed by the year as a string ("2022"). */
  readonly jaren: Readonly<Record<string, JaarBoek>>;
  readonly reserves: Readonly<Record<string, ReserveBoek>>;
  readonly kredieten: Readonly<Record<string, KredietBoek>>;
  /**
   * Krediet code → year → spending (bestedingen). Kept apart from the krediet's definition so that a
   * besteding stays counted even when the definition is not (yet) visible.
   */
  readonly bestedingen: Readonly<Record<string, Readonly<Record<string, Big>>>>;
  /** ProjectmutatieGeboekt eventId → krediet, so a correction of that event also corrects the krediet's spending. */
  readonly projectmutaties: Readonly<Record<string, { readonly krediet: string; readonly doel: string }>>;
  /** The highest positie folded; 0 when empty. */
  readonly positie: number;
}

export const STANDAARD_DREMPEL_BEDRAG = '100000.00';

export function legeGrootboek(): Grootboek {
  return {
    gemeente: null,
    instellingen: { drempelBedrag: bedrag(STANDAARD_DREMPEL_BEDRAG), drempelPercentage: null },
    jaren: {},
    reserves: {},
    kredieten: {},
    bestedingen: {},
    projectmutaties: {},
    positie: 0,
  };
}

export const nulKolommen = (): Kolommen => ({ lasten: NUL, baten: NUL, toevoegingReserves: NUL, onttrekkingReserves: NUL });

export const legeLagen = (): Lagen => ({
  vastgesteldeBegroting: nulKolommen(),
  mutatiesProjecten: nulKolommen(),
  begrotingswijzigingen: nulKolommen(),
  jaarrekening: nulKolommen(),
});

const nulMutaties: MutatieTotalen = { toevoegingen: NUL, onttrekkingen: NUL };
const legeReservemutatie: ReservemutatieTotalen = { begroot: nulMutaties, realisatie: nulMutaties };

export const legeJaarBoek = (jaar: number): JaarBoek => ({
  jaar,
  doelen: {},
  boekingen: {},
  reservemutaties: {},
  toelichtingen: {},
  begrotingVastgesteld: false,
  jaarrekeningVastgesteld: false,
});

export const toelichtingSleutel = (doel: string, kolom?: Kolom | null) => `${doel}|${kolom ?? ''}`;

/**
 * Objects copied within one fold session, which later events of that session may change in place.
 * Within a session a state is therefore only whole until the next event is applied: read `na` right
 * after each event. Of `voor`, only the root fields (`positie`, `gemeente`, `instellingen`) and
 * `projectmutaties` stay as they were; its years may already show the event.
 */
export type VouwSessie = WeakSet<object>;
export const nieuweVouwSessie = (): VouwSessie => new WeakSet<object>();

/** Folds a gemeente's events in positie order. The input is not mutated; its order does not matter. */
export function foldGrootboek(events: readonly RecordedEvent[], initial: Grootboek = legeGrootboek()): Grootboek {
  const geordend = [...events].sort((a, b) => a.positie - b.positie);
  const sessie = nieuweVouwSessie();
  let state = initial;
  for (const event of geordend) state = applyEvent(state, event, sessie);
  return state;
}

/**
 * Applies one recorded event. An event at or below the state's positie was already applied and
 * changes nothing, so a catch-up that replays an event twice stays correct. Never throws: it folds facts.
 */
export function applyEvent(state: Grootboek, recorded: RecordedEvent, sessie?: VouwSessie): Grootboek {
  if (recorded.positie <= state.positie) return state;
  const next = evolve(state, recorded, sessie);
  return { ...next, positie: recorded.positie };
}

type Beschrijfbaar<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The object to write to: `object` itself when this session made it, otherwise a shallow copy that
 * the session now owns. Without a session every write copies (plain immutable updates).
 */
function eigen<T extends object>(sessie: VouwSessie | undefined, object: T): Beschrijfbaar<T> {
  if (sessie?.has(object)) return object as Beschrijfbaar<T>;
  const kopie = { ...object } as Beschrijfbaar<T>;
  sessie?.add(kopie);
  return kopie;
}

function evolve(state: Grootboek, recorded: RecordedEvent, s: VouwSessie | undefined): Grootboek {
  const event = upcast<LedgerEvent>(recorded);
  switch (event.type) {
    case 'GemeenteGeregistreerd':
      return { ...state, gemeente: { code: event.data.gemeente, naam: event.data.naam } };
    case 'InstellingenGewijzigd':
      return {
        ...state,
        instellingen: {
          drempelBedrag: new Big(event.data.drempelBedrag),
          drempelPercentage: event.data.drempelPercentage ?? null,
        },
      };
    case 'ReserveIngesteld':
      return {
        ...state,
        reserves: {
          ...state.reserves,
          [event.data.reserve]: {
            code: event.data.reserve,
            naam: event.data.naam,
            soort: event.data.soort,
            beginsaldo: new Big(event.data.beginsaldo),
            peildatum: event.data.peildatum,
            opgeheven: false,
            balanssaldi: state.reserves[event.data.reserve]?.balanssaldi ?? [],
          },
        },
      };
    case 'ReserveOpgeheven':
      return wijzigReserve(state, event.data.reserve, (reserve) => ({ ...reserve, opgeheven: true }));
    case 'ReservesaldoVolgensBalansVastgelegd': {
      const saldo: Balanssaldo = { datum: event.data.datum, saldo: new Big(event.data.saldo), positie: recorded.positie };
      return wijzigReserve(state, event.data.reserve, (reserve) => ({ ...reserve, balanssaldi: [...reserve.balanssaldi, saldo] }));
    }
    case 'KredietVerleend':
      return {
        ...state,
        kredieten: {
          ...state.kredieten,
          [event.data.krediet]: {
            code: event.data.krediet,
            naam: event.data.naam,
            doel: event.data.doel,
            omvang: new Big(event.data.omvang),
            afgesloten: false,
          },
        },
      };
    case 'KredietGewijzigd':
      return wijzigKrediet(state, event.data.krediet, (krediet) => ({ ...krediet, omvang: krediet.omvang.plus(event.data.bedrag) }));
    case 'KredietAfgesloten':
      return wijzigKrediet(state, event.data.krediet, (krediet) => ({ ...krediet, afgesloten: true }));
    case 'DoelenVastgelegd':
      return wijzigJaar(s, state, event.data.jaar, (jaar) => {
        const doelen = (jaar.doelen = eigen(s, jaar.doelen));
        for (const doel of event.data.doelen) doelen[doel.code] = { code: doel.code, naam: doel.naam, programma: doel.programma };
      });
    case 'BegrotingVastgesteld':
      return wijzigJaar(s, state, event.data.jaar, (jaar) => {
        jaar.begrotingVastgesteld = true;
        for (const regel of event.data.regels) {
          boek(s, jaar, regel.doel, 'vastgesteldeBegroting', 'lasten', new Big(regel.lasten));
          boek(s, jaar, regel.doel, 'vastgesteldeBegroting', 'baten', new Big(regel.baten));
          for (const toevoeging of regel.toevoegingReserves) {
            boekReserve(s, jaar, regel.doel, 'vastgesteldeBegroting', 'toevoegingReserves', toevoeging.reserve, new Big(toevoeging.bedrag));
          }
          for (const onttrekking of regel.onttrekkingReserves) {
            boekReserve(s, jaar, regel.doel, 'vastgesteldeBegroting', 'onttrekkingReserves', onttrekking.reserve, new Big(onttrekking.bedrag));
          }
        }
      });
    case 'ProjectmutatieGeboekt': {
      const { krediet, doel, reserve } = event.data;
      const besteding = new Big(event.data.bedrag);
      const metJaar = wijzigJaar(s, state, event.data.jaar, (jaar) => {
        boek(s, jaar, doel, 'mutatiesProjecten', 'lasten', besteding);
        // A project funded from a reserve withdraws the same amount from it (DOMAIN.md).
        if (reserve) boekReserve(s, jaar, doel, 'mutatiesProjecten', 'onttrekkingReserves', reserve, besteding);
      });
      // Always a fresh copy, also in a session: the histories read `voor.projectmutaties` after the event.
      const projectmutaties = { ...metJaar.projectmutaties, [recorded.eventId]: { krediet, doel } };
      return { ...boekBesteding(s, metJaar, krediet, event.data.jaar, besteding), projectmutaties };
    }
    case 'BegrotingswijzigingVastgesteld':
      return wijzigJaar(s, state, event.data.jaar, (jaar) => {
        for (const onderdeel of event.data.onderdelen) {
          for (const regel of onderdeel.regels) boekRegel(s, jaar, regel.doel, 'begrotingswijzigingen', regel.kolom, regel.reserve, new Big(regel.bedrag));
        }
      });
    case 'ReservemutatieGeboekt': {
      const kolom: Kolom = event.data.soort === 'toevoeging' ? 'toevoegingReserves' : 'onttrekkingReserves';
      return wijzigJaar(s, state, event.data.jaar, (jaar) => boekReserve(s, jaar, event.data.doel, 'jaarrekening', kolom, event.data.reserve, new Big(event.data.bedrag)));
    }
    case 'RealisatieGeboekt':
      return wijzigJaar(s, state, event.data.jaar, (jaar) => {
        for (const regel of event.data.regels) boek(s, jaar, regel.doel, 'jaarrekening', regel.kolom, new Big(regel.bedrag));
      });
    case 'VerschilToegelicht':
      return wijzigJaar(s, state, event.data.jaar, (jaar) => {
        const toelichtingen = (jaar.toelichtingen = eigen(s, jaar.toelichtingen));
        toelichtingen[toelichtingSleutel(event.data.doel, event.data.kolom)] = { tekst: event.data.tekst, eventId: recorded.eventId, positie: recorded.positie };
      });
    case 'JaarrekeningVastgesteld':
      return wijzigJaar(s, state, event.data.jaar, (jaar) => {
        jaar.jaarrekeningVastgesteld = true;
      });
    case 'CorrectieGeboekt': {
      const { laag, corrigeert } = event.data;
      let next = wijzigJaar(s, state, event.data.jaar, (jaar) => {
        for (const regel of event.data.regels) boekRegel(s, jaar, regel.doel, laag, regel.kolom, regel.reserve, new Big(regel.bedrag));
      });
      // Correcting a project mutation's lasten corrects the krediet's spending too; otherwise the
      // krediet table and the doel table would tell different stories.
      const projectmutatie = state.projectmutaties[corrigeert];
      if (projectmutatie && laag === 'mutatiesProjecten') {
        for (const regel of event.data.regels) {
          if (regel.kolom === 'lasten' && regel.doel === projectmutatie.doel) {
            next = boekBesteding(s, next, projectmutatie.krediet, event.data.jaar, new Big(regel.bedrag));
          }
        }
      }
      return next;
    }
    default:
      return negeerOnbekend(event, state);
  }
}

/**
 * Exhaustiveness: a new event type fails to compile here. At run time an unknown type (a newer writer
 * than this reader) is skipped rather than thrown, because a fold only folds facts.
 */
function negeerOnbekend(_event: never, state: Grootboek): Grootboek {
  return state;
}

/** Changes one year of a state: `wijzig` may write to the year it gets (it is owned by this change). */
function wijzigJaar(s: VouwSessie | undefined, state: Grootboek, jaar: number, wijzig: (jaarBoek: Beschrijfbaar<JaarBoek>) => void): Grootboek {
  const sleutel = String(jaar);
  const jaren = eigen(s, state.jaren);
  const jaarBoekVan = eigen(s, state.jaren[sleutel] ?? legeJaarBoek(jaar));
  wijzig(jaarBoekVan);
  jaren[sleutel] = jaarBoekVan;
  return { ...state, jaren };
}

function wijzigReserve(state: Grootboek, code: string, wijzig: (reserve: ReserveBoek) => ReserveBoek): Grootboek {
  const reserve = state.reserves[code];
  // A fact about a reserve whose definition is not visible (an as-of view) has nothing to attach to.
  if (!reserve) return state;
  return { ...state, reserves: { ...state.reserves, [code]: wijzig(reserve) } };
}

function wijzigKrediet(state: Grootboek, code: string, wijzig: (krediet: KredietBoek) => KredietBoek): Grootboek {
  const krediet = state.kredieten[code];
  if (!krediet) return state;
  return { ...state, kredieten: { ...state.kredieten, [code]: wijzig(krediet) } };
}

function boekBesteding(s: VouwSessie | undefined, state: Grootboek, krediet: string, jaar: number, delta: Big): Grootboek {
  const bestedingen = eigen(s, state.bestedingen);
  const perJaar = (bestedingen[krediet] = eigen(s, state.bestedingen[krediet] ?? {}));
  const sleutel = String(jaar);
  perJaar[sleutel] = (perJaar[sleutel] ?? NUL).plus(delta);
  return { ...state, bestedingen };
}

/** Adds `delta` to one cell; `jaar` is owned by the caller's change. */
function boek(s: VouwSessie | undefined, jaar: Beschrijfbaar<JaarBoek>, doel: string, laag: GeboekteLaag, kolom: Kolom, delta: Big): void {
  const boekingen = (jaar.boekingen = eigen(s, jaar.boekingen));
  const lagen = (boekingen[doel] = eigen(s, boekingen[doel] ?? legeLagen()));
  const kolommen = (lagen[laag] = eigen(s, lagen[laag]));
  kolommen[kolom] = kolommen[kolom].plus(delta);
}

/** Books a line of any column; reserve columns also move the reserve's totals when the line names one. */
function boekRegel(s: VouwSessie | undefined, jaar: Beschrijfbaar<JaarBoek>, doel: string, laag: GeboekteLaag, kolom: Kolom, reserve: string | undefined, delta: Big): void {
  if (isReserveKolom(kolom) && reserve) boekReserve(s, jaar, doel, laag, kolom, reserve, delta);
  else boek(s, jaar, doel, laag, kolom, delta);
}

function boekReserve(s: VouwSessie | undefined, jaar: Beschrijfbaar<JaarBoek>, doel: string, laag: GeboekteLaag, kolom: Kolom, reserve: string, delta: Big): void {
  boek(s, jaar, doel, laag, kolom, delta);
  const perReserve = (jaar.reservemutaties = eigen(s, jaar.reservemutaties));
  const perDoel = (perReserve[reserve] = eigen(s, perReserve[reserve] ?? {}));
  const totalen = (perDoel[doel] = eigen(s, perDoel[doel] ?? legeReservemutatie));
  // Layers 1–3 are the budget (begroting na wijziging); the jaarrekening layer is the realisation.
  const kant: keyof ReservemutatieTotalen = laag === 'jaarrekening' ? 'realisatie' : 'begroot';
  const soort: keyof MutatieTotalen = kolom === 'toevoegingReserves' ? 'toevoegingen' : 'onttrekkingen';
  const mutaties = (totalen[kant] = eigen(s, totalen[kant]));
  mutaties[soort] = mutaties[soort].plus(delta);
}

// ---------------------------------------------------------------------------------------------
// Read helpers shared by the reports. Pure functions of the state.
// ---------------------------------------------------------------------------------------------

export function jaarBoek(grootboek: Grootboek, jaar: number): JaarBoek {
  return grootboek.jaren[String(jaar)] ?? legeJaarBoek(jaar);
}

export function lagenVan(jaar: JaarBoek, doel: string): Lagen {
  return jaar.boekingen[doel] ?? legeLagen();
}

/** Begroting na wijziging = vastgestelde begroting + mutaties projecten + begrotingswijzigingen (never booked). */
export function begrotingNaWijziging(lagen: Lagen): Kolommen {
  return kolommenUit((kolom) =>
    lagen.vastgesteldeBegroting[kolom].plus(lagen.mutatiesProjecten[kolom]).plus(lagen.begrotingswijzigingen[kolom]),
  );
}

export function kolommenUit(waarde: (kolom: Kolom) => Big): Kolommen {
  return {
    lasten: waarde('lasten'),
    baten: waarde('baten'),
    toevoegingReserves: waarde('toevoegingReserves'),
    onttrekkingReserves: waarde('onttrekkingReserves'),
  };
}

/**
 * Resultaat per kolom, positive is voordelig: less spent or added than budgeted, more received or
 * withdrawn than budgeted (DOMAIN.md, the budget walk).
 */
export function resultaat(begroot: Kolommen, realisatie: Kolommen): Kolommen {
  return kolommenUit((kolom) =>
    kolom === 'lasten' || kolom === 'toevoegingReserves'
      ? begroot[kolom].minus(realisatie[kolom])
      : realisatie[kolom].minus(begroot[kolom]),
  );
}

export function somKolommen(lijst: readonly Kolommen[]): Kolommen {
  return kolommenUit((kolom) => lijst.reduce((totaal, kolommen) => totaal.plus(kolommen[kolom]), NUL));
}

/** Doel codes of a year: every defined doel and every doel booked on, without duplicates. */
export function doelCodesVan(jaar: JaarBoek): string[] {
  const codes = new Set<string>([...Object.keys(jaar.doelen), ...Object.keys(jaar.boekingen)]);
  for (const perDoel of Object.values(jaar.reservemutaties)) for (const doel of Object.keys(perDoel)) codes.add(doel);
  return [...codes];
}

/** Spending of a krediet per year, split into earlier years and the given year. */
export function bestedingenVan(grootboek: Grootboek, krediet: string, jaar: number): { totVorigJaar: Big; ditJaar: Big } {
  let totVorigJaar = NUL;
  let ditJaar = NUL;
  for (const [sleutel, besteding] of Object.entries(grootboek.bestedingen[krediet] ?? {})) {
    const boekjaar = Number.parseInt(sleutel, 10);
    if (boekjaar < jaar) totVorigJaar = totVorigJaar.plus(besteding);
    else if (boekjaar === jaar) ditJaar = ditJaar.plus(besteding);
  }
  return { totVorigJaar, ditJaar };
}

/**
 * The ledger's realised balance of a reserve on 31 December of `jaar`, and on 1 January.
 * The beginsaldo is the balance at the reserve's peildatum; it counts from the year of that date on,
 * together with the realised mutations of that year and later. Years before it have no balance.
 */
export function reservesaldi(grootboek: Grootboek, reserve: ReserveBoek, jaar: number): { begin: Big; eind: Big } {
  const startjaar = Number.parseInt(reserve.peildatum.slice(0, 4), 10);
  let begin = jaar >= startjaar ? reserve.beginsaldo : NUL;
  let mutatiesDitJaar = NUL;
  for (const [sleutel, jaarBoekVan] of Object.entries(grootboek.jaren)) {
    const boekjaar = Number.parseInt(sleutel, 10);
    if (boekjaar < startjaar || boekjaar > jaar) continue;
    let netto = NUL;
    for (const totalen of Object.values(jaarBoekVan.reservemutaties[reserve.code] ?? {})) {
      netto = netto.plus(totalen.realisatie.toevoegingen).minus(totalen.realisatie.onttrekkingen);
    }
    if (boekjaar < jaar) begin = begin.plus(netto);
    else mutatiesDitJaar = netto;
  }
  return { begin, eind: begin.plus(mutatiesDitJaar) };
}

/** The newest balance-sheet figure dated within `jaar` (latest datum; on a tie the latest stated), or null. */
export function balanssaldoIn(reserve: ReserveBoek, jaar: number): Balanssaldo | null {
  const prefix = `${jaar}-`;
  let gekozen: Balanssaldo | null = null;
  for (const saldo of reserve.balanssaldi) {
    if (!saldo.datum.startsWith(prefix)) continue;
    if (gekozen === null || saldo.datum > gekozen.datum || (saldo.datum === gekozen.datum && saldo.positie > gekozen.positie)) {
      gekozen = saldo;
    }
  }
  return gekozen;
}
