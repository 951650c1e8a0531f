import Big from 'big.js';
import { NUL } from '../shared/money';
import type { CorrectieGeboekt, ReservemutatieGeboekt } from './begroting/begroting.events';
import type { ReserveIngesteld } from './gemeente/gemeente.events';
import type { DomainEventBase } from './shared/recorded-event';

const isReserveIngesteld = (event: DomainEventBase): event is ReserveIngesteld => event.type === 'ReserveIngesteld';
const isReservemutatie = (event: DomainEventBase): event is ReservemutatieGeboekt => event.type === 'ReservemutatieGeboekt';
const isCorrectie = (event: DomainEventBase): event is CorrectieGeboekt => event.type === 'CorrectieGeboekt';

/**
 * The realised balance of a reserve after the given events (in any order, of any years and streams):
 * the beginsaldo of `ReserveIngesteld`, plus realised toevoegingen, minus realised onttrekkingen
 * (`ReservemutatieGeboekt`), plus the reserve lines of corrections of the jaarrekening
 * (`CorrectieGeboekt` in laag `jaarrekening`: a toevoegingReserves line adds, an onttrekkingReserves
 * line withdraws). Budgeted reserve amounts (vaststelling, wijzigingen, projectmutaties) are plans, not
 * movements, and do not count. Other events and other reserves are ignored, so the caller may pass a
 * whole log or only the events tagged `reserve:{code}`.
 *
 * The beginsaldo is the balance at the reserve's peildatum, so it already holds every year before the
 * peildatum's year: mutations booked on such a year are not counted again (as the reservestaat does,
 * projections/grootboek.fold.ts `reservesaldi`). `startjaar` is that year; by default it is read from
 * the `ReserveIngesteld` among the events; a caller continuing a balance from a cached position passes
 * it, because those later events no longer contain it.
 */
export function realisedReserveSaldo(reserve: string, events: Iterable<DomainEventBase>, startjaar?: number): Big {
  const lijst = [...events];
  const vanaf = startjaar ?? reserveStartjaar(reserve, lijst);
  const telt = (jaar: number) => vanaf === undefined || jaar >= vanaf;
  let saldo = NUL;
  for (const event of lijst) {
    if (isReserveIngesteld(event)) {
      if (event.data.reserve === reserve) saldo = saldo.plus(event.data.beginsaldo);
    } else if (isReservemutatie(event)) {
      if (event.data.reserve !== reserve || !telt(event.data.jaar)) continue;
      const bedrag = new Big(event.data.bedrag);
      saldo = event.data.soort === 'toevoeging' ? saldo.plus(bedrag) : saldo.minus(bedrag);
    } else if (isCorrectie(event)) {
      if (event.data.laag !== 'jaarrekening' || !telt(event.data.jaar)) continue;
      for (const regel of event.data.regels) {
        if (regel.reserve !== reserve) continue;
        if (regel.kolom === 'toevoegingReserves') saldo = saldo.plus(regel.bedrag);
        else if (regel.kolom === 'onttrekkingReserves') saldo = saldo.minus(regel.bedrag);
      }
    }
  }
  return saldo;
}

/** The year of the reserve's peildatum (its beginsaldo's date), when the events hold its ReserveIngesteld. */
export function reserveStartjaar(reserve: string, events: Iterable<DomainEventBase>): number | undefined {
  for (const event of events) {
    if (isReserveIngesteld(event) && event.data.reserve === reserve) return Number.parseInt(event.data.peildatum.slice(0, 4), 10);
  }
  return undefined;
}
