import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { type AsOf, filterAsOf, totVan } from '../../../projections/as-of';
import { type Grootboek, foldGrootboek } from '../../../projections/grootboek.fold';
import { doeloverzicht } from '../../../projections/doeloverzicht/doeloverzicht.fold';
import {
  alleHistorieItems,
  doelHistorieUit,
  type HistorieItem,
  type KredietStand,
  onderwerp,
  type Pagina,
  paginaVan,
  type ReserveStand,
} from '../../../projections/historie/historie.fold';
import { kredietoverzicht } from '../../../projections/kredietoverzicht/kredietoverzicht.fold';
import { overzichtBatenEnLasten } from '../../../projections/overzicht-baten-en-lasten/overzicht-baten-en-lasten.fold';
import { reservestaat } from '../../../projections/reservestaat/reservestaat.fold';
import { type DrempelOverrides, verschillenanalyse } from '../../../projections/verschillenanalyse/verschillenanalyse.fold';
import { readWholeLog } from '../../application/stream-reader';
import type { GemeenteCode } from '../../domain/shared/begrippen';
import { onbekend } from '../../domain/shared/domain-error';
import type { RecordedEvent } from '../../domain/shared/recorded-event';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { gedeeld, LruCache } from '../../shared/lru-cache';
import { VerseLezing } from '../../shared/verse-lezing';
import { ProjectiesService } from '../projecties/projecties.service';

/** Folded as-of states kept in memory; a key includes the last position it can contain, so it never goes stale. */
const AS_OF_CACHE_ENTRIES = 8;

/** Gemeenten whose highest seen head is remembered (a few hundred gemeenten exist). */
const GEZIENE_KOPPEN_GEMEENTEN = 1024;

/** Bounds the answers kept per state (a client varying the thresholds cannot grow it without limit). */
const MAX_ANTWOORDEN_PER_STATE = 64;

/**
 * A report with its JSON text. The text is made once per state and kept with it: the verschillenanalyse
 * of 300 doelen is ~150 kB, and serialising it again for every one of 32 concurrent clients was most of
 * its latency (BENCHMARKS.md).
 */
export interface Rapport<T> {
  waarde: T;
  /** The JSON as UTF-8 bytes with its ETag, made once per state. */
  json(): JsonTekst;
}

export interface JsonTekst {
  bytes: Buffer;
  etag: string;
}

function jsonTekst(waarde: unknown): JsonTekst {
  const bytes = Buffer.from(JSON.stringify(waarde), 'utf8');
  return { bytes, etag: `"${createHash('sha1').update(bytes).digest('base64url')}"` };
}

const asOfSleutel = (asOf: AsOf) => `${asOf.positie ?? ''}|${asOf.bekendOp ?? ''}|${asOf.peildatum ?? ''}`;

const isHuidig = (asOf: AsOf) => asOf.peildatum === undefined && asOf.bekendOp === undefined && asOf.positie === undefined;

/**
 * Answers every report. The present comes from the persisted read models (projections/), caught up
 * to at least the head at the time of the request, so a client always reads its own writes. A view
 * as of an earlier moment (`peildatum`, `bekendOp`, `positie`) is the pure fold of the events visible
 * then; the read models hold only the present. Both paths call the same report functions on the same
 * state, which the property test `test/integration/projecties.property.spec.ts` holds them to.
 */
@Injectable()
export class RapportageService {
  private readonly asOfEvents = new LruCache<string, Promise<RecordedEvent[]>>(AS_OF_CACHE_ENTRIES);
  private readonly asOfGrootboek = new LruCache<string, Promise<Grootboek>>(AS_OF_CACHE_ENTRIES);
  private readonly asOfHistorie = new LruCache<string, Promise<Map<string, HistorieItem<unknown>[]>>>(AS_OF_CACHE_ENTRIES);
  /** The highest head seen per gemeente: every position at or below it is final. */
  private readonly gezieneKoppen = new LruCache<string, number>(GEZIENE_KOPPEN_GEMEENTEN);
  private readonly verseKoppen = new VerseLezing<string, number>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projecties: ProjectiesService,
  ) {}

  /**
   * The events visible as of `asOf`, and a cache key for what is folded from them. Events up to the
   * head are immutable, so (gemeente, head, asOf) always names the same events: identical as-of
   * questions (an audit team looking at the same peildatum) are read and folded once.
   */
  private async events(gemeente: string, asOf: AsOf): Promise<{ events: RecordedEvent[]; sleutel: string }> {
    const reikwijdte = await this.reikwijdte(gemeente, asOf);
    const sleutel = `${gemeente}|${reikwijdte}|${asOf.positie ?? ''}|${asOf.bekendOp ?? ''}|${asOf.peildatum ?? ''}`;
    const events = await gedeeld(this.asOfEvents, sleutel, async () => filterAsOf(await readWholeLog(this.store, gemeente, reikwijdte), asOf));
    if (!events.some((event) => event.type === 'GemeenteGeregistreerd')) throw gemeenteOnbekend(gemeente);
    return { events, sleutel };
  }

  /**
   * The last position a view as of `asOf` can contain. For `positie` at or below a head already seen,
   * that is `positie` itself, known without asking the store: the log only grows and its events never
   * change, so the view is final (issue 7 measured a head lookup per request on this path). Otherwise
   * the head of now, looked up once for all callers that asked before the lookup started
   * (VerseLezing), so a view without `positie` still holds every write acknowledged before it.
   */
  private async reikwijdte(gemeente: string, asOf: AsOf): Promise<number> {
    if (asOf.positie !== undefined && asOf.positie <= (this.gezieneKoppen.get(gemeente) ?? -1)) return asOf.positie;
    const kop = await this.verseKoppen.lees(gemeente, async () => (await this.store.head(gemeente))?.positie ?? 0);
    if (kop > (this.gezieneKoppen.get(gemeente) ?? -1)) this.gezieneKoppen.set(gemeente, kop);
    return asOf.positie === undefined ? kop : Math.min(asOf.positie, kop);
  }

  /** The state a report is computed from: the read model for the present, the fold for an earlier moment. */
  private async grootboek(gemeente: GemeenteCode, asOf: AsOf, jaar?: number): Promise<Grootboek> {
    if (isHuidig(asOf)) {
      const uitLeesmodel = await this.projecties.grootboek(gemeente, jaar);
      if (uitLeesmodel) {
        if (!uitLeesmodel.gemeente) throw gemeenteOnbekend(gemeente);
        return uitLeesmodel;
      }
    }
    const { events, sleutel } = await this.events(gemeente, asOf);
    return gedeeld(this.asOfGrootboek, sleutel, async () => foldGrootboek(events));
  }

  /** History items of the given subjects: stored ones for the present, folded ones for an earlier moment. */
  private async historieItems(gemeente: GemeenteCode, asOf: AsOf, onderwerpen: string[]): Promise<Map<string, HistorieItem<unknown>[]>> {
    if (isHuidig(asOf)) {
      const opgeslagen = await this.projecties.historie(gemeente, onderwerpen);
      if (opgeslagen) return opgeslagen;
    }
    const { events, sleutel } = await this.events(gemeente, asOf);
    return gedeeld(this.asOfHistorie, sleutel, async () => alleHistorieItems(events));
  }

  /**
   * A report is a pure function of a state and its arguments, and states are shared per log position
   * (above), so an answer computed once for a state is kept with it and dropped with it.
   */
  private readonly antwoorden = new WeakMap<Grootboek, Map<string, unknown>>();
  private eenmaal<T>(grootboek: Grootboek, sleutel: string, bereken: () => T): T {
    let perState = this.antwoorden.get(grootboek);
    if (!perState) this.antwoorden.set(grootboek, (perState = new Map()));
    if (perState.has(sleutel)) return perState.get(sleutel) as T;
    const antwoord = bereken();
    if (perState.size < MAX_ANTWOORDEN_PER_STATE) perState.set(sleutel, antwoord);
    return antwoord;
  }

  /** A report computed and serialised at most once per state and key. */
  private rapport<T>(grootboek: Grootboek, sleutel: string, bereken: () => T): Rapport<T> {
    const waarde = this.eenmaal(grootboek, sleutel, bereken);
    return { waarde, json: () => this.eenmaal(grootboek, `${sleutel}|json`, () => jsonTekst(waarde)) };
  }

  private static eisJaar(grootboek: Grootboek, jaar: number): void {
    if (!grootboek.jaren[String(jaar)]) throw onbekend('BEGROTINGSJAAR.ONBEKEND', `Er is geen begrotingsjaar ${jaar}.`);
  }

  async doeloverzicht(gemeente: string, jaar: number, doel: string, asOf: AsOf) {
    const grootboek = await this.grootboek(gemeente, asOf, jaar);
    const rapport = this.rapport(grootboek, `doeloverzicht|${jaar}|${doel}|${asOfSleutel(asOf)}`, () => doeloverzicht(grootboek, gemeente, jaar, doel, totVan(grootboek.positie, asOf)));
    if (!rapport.waarde) throw doelOnbekend(doel, jaar);
    return rapport as Rapport<NonNullable<typeof rapport.waarde>>;
  }

  async verschillenanalyse(gemeente: string, jaar: number, asOf: AsOf, drempel: DrempelOverrides) {
    const grootboek = await this.grootboek(gemeente, asOf, jaar);
    RapportageService.eisJaar(grootboek, jaar);
    return this.rapport(grootboek, `verschillenanalyse|${jaar}|${drempel.drempelBedrag ?? ''}|${drempel.drempelPercentage ?? ''}|${asOfSleutel(asOf)}`, () => ({
      ...verschillenanalyse(grootboek, gemeente, jaar, drempel),
      tot: totVan(grootboek.positie, asOf),
    }));
  }

  async overzichtBatenEnLasten(gemeente: string, jaar: number, asOf: AsOf) {
    const grootboek = await this.grootboek(gemeente, asOf, jaar);
    RapportageService.eisJaar(grootboek, jaar);
    return this.rapport(grootboek, `overzicht-baten-en-lasten|${jaar}|${asOfSleutel(asOf)}`, () => ({ ...overzichtBatenEnLasten(grootboek, gemeente, jaar), tot: totVan(grootboek.positie, asOf) }));
  }

  async reservestaat(gemeente: string, reserve: string, jaar: number, asOf: AsOf) {
    const grootboek = await this.grootboek(gemeente, asOf, jaar);
    const rapport = this.rapport(grootboek, `reservestaat|${reserve}|${jaar}|${asOfSleutel(asOf)}`, () => {
      const staat = reservestaat(grootboek, gemeente, reserve, jaar);
      return staat && { ...staat, tot: totVan(grootboek.positie, asOf) };
    });
    if (!rapport.waarde) throw onbekend('RESERVE.ONBEKEND', `Reserve ${reserve} bestaat niet.`);
    return rapport as Rapport<NonNullable<typeof rapport.waarde>>;
  }

  async kredietoverzicht(gemeente: string, krediet: string, jaar: number, asOf: AsOf) {
    const grootboek = await this.grootboek(gemeente, asOf, jaar);
    const answer = kredietoverzicht(grootboek, gemeente, krediet, jaar);
    if (!answer) throw onbekend('KREDIET.ONBEKEND', `Krediet ${krediet} bestaat niet.`);
    return { ...answer, tot: totVan(grootboek.positie, asOf) };
  }

  async historieVanDoel(gemeente: string, jaar: number, doel: string, asOf: AsOf, pagina: Pagina) {
    const grootboek = await this.grootboek(gemeente, asOf, jaar);
    if (!grootboek.jaren[String(jaar)]?.doelen[doel]) throw doelOnbekend(doel, jaar);
    const items = await this.historieItems(gemeente, asOf, [onderwerp.doel(jaar, doel), onderwerp.jaar(jaar)]);
    return paginaVan(doelHistorieUit(items.get(onderwerp.doel(jaar, doel)) ?? [], items.get(onderwerp.jaar(jaar)) ?? []), pagina);
  }

  async historieVanReserve(gemeente: string, reserve: string, asOf: AsOf, pagina: Pagina) {
    const grootboek = await this.grootboek(gemeente, asOf);
    if (!grootboek.reserves[reserve]) throw onbekend('RESERVE.ONBEKEND', `Reserve ${reserve} bestaat niet.`);
    const items = await this.historieItems(gemeente, asOf, [onderwerp.reserve(reserve)]);
    return paginaVan({ items: (items.get(onderwerp.reserve(reserve)) ?? []) as HistorieItem<ReserveStand>[] }, pagina);
  }

  async historieVanKrediet(gemeente: string, krediet: string, asOf: AsOf, pagina: Pagina) {
    const grootboek = await this.grootboek(gemeente, asOf);
    if (!grootboek.kredieten[krediet]) throw onbekend('KREDIET.ONBEKEND', `Krediet ${krediet} bestaat niet.`);
    const items = await this.historieItems(gemeente, asOf, [onderwerp.krediet(krediet)]);
    return paginaVan({ items: (items.get(onderwerp.krediet(krediet)) ?? []) as HistorieItem<KredietStand>[] }, pagina);
  }
}

const gemeenteOnbekend = (gemeente: string) => onbekend('GEMEENTE.ONBEKEND', `Gemeente ${gemeente} bestaat niet.`);
const doelOnbekend = (doel: string, jaar: number) => onbekend('DOEL.ONBEKEND', `Doel ${doel} bestaat niet in begrotingsjaar ${jaar}.`);
