import type { GemeenteCode } from '../../src/domain/shared/begrippen';
import type { EventStore } from '../../src/event-store/event-store.port';
import { schemaNaam, type Sql, type TabelRijen } from '../opslag/sql';
import { type HistorieItem, type HistorieVouw, type OnderwerpVerwijzing, vouwHistorieVerder } from './historie.fold';

/**
 * Persistence of the history read model: per subject, the positions of the events that have an item on
 * it (see migrations/1764000000000-HistorieAlsPosities.ts), one row per subject and written batch, which
 * the projection runner writes in the transaction that also moves the checkpoint.
 *
 * Why positions and not the items themselves: an item is the event's envelope, its lines on the
 * subject and the running totals after it, and all three follow from the events, which the store keeps
 * unchanged for ever. Storing them made the history ~600 bytes of JSON per item, ~3.3 items per event,
 * and that JSON was most of a rebuild's cost (BENCHMARKS.md, herbouw). A reader now gets the subject's
 * events by position and folds them (`laadHistorie`), with the same code as the on-demand fold.
 */
export function historieTabellen(gemeente: GemeenteCode, verwijzingen: readonly OnderwerpVerwijzing[]): TabelRijen[] {
  // References arrive in positie order (the runner folds in order), so each row's positions are ascending.
  const perOnderwerp = new Map<string, number[]>();
  for (const { onderwerp, positie } of verwijzingen) {
    const posities = perOnderwerp.get(onderwerp);
    if (posities) posities.push(positie);
    else perOnderwerp.set(onderwerp, [positie]);
  }
  if (perOnderwerp.size === 0) return [];
  return [{
    tabel: 'historie_posities',
    kolommen: [
      { naam: 'gemeente', type: 'text' }, { naam: 'onderwerp', type: 'text' }, { naam: 'van_positie', type: 'bigint' }, { naam: 'tot_positie', type: 'bigint' },
      { naam: 'posities', type: 'bigint[]' },
    ],
    sleutel: ['gemeente', 'onderwerp', 'van_positie'],
    // A bigint[] travels as its array literal ('{3,8,13}') inside the JSON parameter.
    rijen: [...perOnderwerp].map(([onderwerp, posities]) => [gemeente, onderwerp, posities[0], posities[posities.length - 1], `{${posities.join(',')}}`]),
  }];
}

/** A subject set's history as loaded up to a checkpoint, to be continued from there (`laadHistorie`). */
export interface GeladenHistorie extends HistorieVouw {
  totPositie: number;
}

/** Every asked subject with its items (an empty list for a subject without any). */
export function itemsVan(geladen: HistorieVouw, onderwerpen: readonly string[]): Map<string, HistorieItem<unknown>[]> {
  return new Map(onderwerpen.map((sleutel) => [sleutel, geladen.items.get(sleutel) ?? []]));
}

/**
 * The history items of the given subjects up to `totPositie` (`itemsVan` gives them per subject, in
 * positie order): their events read by position from the store and folded. The fold of only these events
 * gives each subject the same items as the fold of the whole log (historie.fold.ts, `alleHistorieItems`).
 * With `vorige`, an earlier load of the same subjects at a lower `totPositie`, only the events after it are
 * read and folded on.
 */
export async function laadHistorie(
  sql: Sql,
  schema: string,
  store: Pick<EventStore, 'readPosities'>,
  gemeente: GemeenteCode,
  onderwerpen: readonly string[],
  totPositie: number,
  vorige: GeladenHistorie | null = null,
): Promise<GeladenHistorie> {
  const naPositie = vorige?.totPositie ?? 0;
  const rijen = (await sql.query(
    `SELECT posities FROM ${schemaNaam(schema)}.historie_posities WHERE gemeente = $1 AND onderwerp = ANY($2::text[]) AND van_positie <= $3 AND tot_positie > $4`,
    [gemeente, onderwerpen, totPositie, naPositie],
  )) as { posities: string[] }[];
  const posities = new Set<number>();
  for (const rij of rijen) {
    for (const tekst of rij.posities) {
      const positie = Number(tekst);
      if (positie > naPositie && positie <= totPositie) posities.add(positie);
    }
  }
  const gezocht = [...posities].sort((a, b) => a - b);
  const events = await store.readPosities(gemeente, gezocht);
  // The store never loses an event; a reference without its event means the read model and the store
  // are not of the same log (a restored backup of one of them), and no history beats a wrong one.
  if (events.length !== gezocht.length) throw new Error(`historie van ${gemeente}: ${gezocht.length} events verwacht, ${events.length} gevonden`);
  return { ...vouwHistorieVerder(vorige, events, new Set(onderwerpen)), totPositie };
}
