import { Inject, Injectable } from '@nestjs/common';
import { type AsOf, filterAsOf, totVan } from '../../../projections/as-of';
import { type Grootboek, foldGrootboek } from '../../../projections/grootboek.fold';
import { doeloverzicht } from '../../../projections/doeloverzicht/doeloverzicht.fold';
import { historieVanDoel, historieVanKrediet, historieVanReserve } from '../../../projections/historie/historie.fold';
import { kredietoverzicht } from '../../../projections/kredietoverzicht/kredietoverzicht.fold';
import { overzichtBatenEnLasten } from '../../../projections/overzicht-baten-en-lasten/overzicht-baten-en-lasten.fold';
import { reservestaat } from '../../../projections/reservestaat/reservestaat.fold';
import { type DrempelOverrides, verschillenanalyse } from '../../../projections/verschillenanalyse/verschillenanalyse.fold';
import { readWholeLog } from '../../application/stream-reader';
import { onbekend } from '../../domain/shared/domain-error';
import type { RecordedEvent } from '../../domain/shared/recorded-event';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';

/**
 * Answers every report by folding the gemeente's events on demand, as of the asked moment. (Persisted
 * read models with checkpoints are the projections issue; they must give exactly these answers.)
 */
@Injectable()
export class RapportageService {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  private async events(gemeente: string, asOf: AsOf): Promise<RecordedEvent[]> {
    const events = filterAsOf(await readWholeLog(this.store, gemeente, asOf.positie), asOf);
    if (!events.some((event) => event.type === 'GemeenteGeregistreerd')) throw onbekend('GEMEENTE.ONBEKEND', `Gemeente ${gemeente} bestaat niet.`);
    return events;
  }

  private async grootboek(gemeente: string, asOf: AsOf): Promise<Grootboek> {
    return foldGrootboek(await this.events(gemeente, asOf));
  }

  private static eisJaar(grootboek: Grootboek, jaar: number): void {
    if (!grootboek.jaren[String(jaar)]) throw onbekend('BEGROTINGSJAAR.ONBEKEND', `Er is geen begrotingsjaar ${jaar}.`);
  }

  async doeloverzicht(gemeente: string, jaar: number, doel: string, asOf: AsOf) {
    const grootboek = await this.grootboek(gemeente, asOf);
    const answer = doeloverzicht(grootboek, gemeente, jaar, doel, totVan(grootboek.positie, asOf));
    if (!answer) throw onbekend('DOEL.ONBEKEND', `Doel ${doel} bestaat niet in begrotingsjaar ${jaar}.`);
    return answer;
  }

  async verschillenanalyse(gemeente: string, jaar: number, asOf: AsOf, drempel: DrempelOverrides) {
    const grootboek = await this.grootboek(gemeente, asOf);
    RapportageService.eisJaar(grootboek, jaar);
    return { ...verschillenanalyse(grootboek, gemeente, jaar, drempel), tot: totVan(grootboek.positie, asOf) };
  }

  async overzichtBatenEnLasten(gemeente: string, jaar: number, asOf: AsOf) {
    const grootboek = await this.grootboek(gemeente, asOf);
    RapportageService.eisJaar(grootboek, jaar);
    return { ...overzichtBatenEnLasten(grootboek, gemeente, jaar), tot: totVan(grootboek.positie, asOf) };
  }

  async reservestaat(gemeente: string, reserve: string, jaar: number, asOf: AsOf) {
    const grootboek = await this.grootboek(gemeente, asOf);
    const answer = reservestaat(grootboek, gemeente, reserve, jaar);
    if (!answer) throw onbekend('RESERVE.ONBEKEND', `Reserve ${reserve} bestaat niet.`);
    return { ...answer, tot: totVan(grootboek.positie, asOf) };
  }

  async kredietoverzicht(gemeente: string, krediet: string, jaar: number, asOf: AsOf) {
    const grootboek = await this.grootboek(gemeente, asOf);
    const answer = kredietoverzicht(grootboek, gemeente, krediet, jaar);
    if (!answer) throw onbekend('KREDIET.ONBEKEND', `Krediet ${krediet} bestaat niet.`);
    return { ...answer, tot: totVan(grootboek.positie, asOf) };
  }

  async historieVanDoel(gemeente: string, jaar: number, doel: string, asOf: AsOf) {
    const events = await this.events(gemeente, asOf);
    if (!foldGrootboek(events).jaren[String(jaar)]?.doelen[doel]) throw onbekend('DOEL.ONBEKEND', `Doel ${doel} bestaat niet in begrotingsjaar ${jaar}.`);
    return historieVanDoel(events, jaar, doel);
  }

  async historieVanReserve(gemeente: string, reserve: string, asOf: AsOf) {
    const events = await this.events(gemeente, asOf);
    if (!foldGrootboek(events).reserves[reserve]) throw onbekend('RESERVE.ONBEKEND', `Reserve ${reserve} bestaat niet.`);
    return historieVanReserve(events, reserve);
  }

  async historieVanKrediet(gemeente: string, krediet: string, asOf: AsOf) {
    const events = await this.events(gemeente, asOf);
    if (!foldGrootboek(events).kredieten[krediet]) throw onbekend('KREDIET.ONBEKEND', `Krediet ${krediet} bestaat niet.`);
    return historieVanKrediet(events, krediet);
  }
}
