import type { GemeenteCode } from '../../src/domain/shared/begrippen';
import { schemaNaam, type Sql, upsert } from '../opslag/sql';
import type { HistorieItem, OnderwerpItem } from './historie.fold';

/**
 * Persistence of the history read model: one row per (subject, event), written by the projection
 * runner in the transaction that also moves the checkpoint. Items are final once written, so the
 * upsert only matters for a replayed batch, where it writes the same item again.
 */
export async function schrijfHistorie(sql: Sql, schema: string, gemeente: GemeenteCode, items: readonly OnderwerpItem[]): Promise<void> {
  await upsert(
    sql,
    schema,
    'historie',
    [{ naam: 'gemeente', type: 'text' }, { naam: 'onderwerp', type: 'text' }, { naam: 'positie', type: 'bigint' }, { naam: 'item', type: 'jsonb' }],
    ['gemeente', 'onderwerp', 'positie'],
    items.map(({ onderwerp, item }) => [gemeente, onderwerp, item.positie, item]),
  );
}

/** The stored items of the given subjects, per subject, in positie order (at most up to `totPositie`). */
export async function laadHistorie(sql: Sql, schema: string, gemeente: GemeenteCode, onderwerpen: readonly string[], totPositie: number): Promise<Map<string, HistorieItem<unknown>[]>> {
  const rijen = (await sql.query(
    `SELECT onderwerp, item FROM ${schemaNaam(schema)}.historie WHERE gemeente = $1 AND onderwerp = ANY($2::text[]) AND positie <= $3 ORDER BY positie`,
    [gemeente, onderwerpen, totPositie],
  )) as { onderwerp: string; item: HistorieItem<unknown> }[];
  const perOnderwerp = new Map<string, HistorieItem<unknown>[]>(onderwerpen.map((onderwerp) => [onderwerp, []]));
  for (const rij of rijen) perOnderwerp.get(rij.onderwerp)?.push(rij.item);
  return perOnderwerp;
}
