import type { GemeenteCode } from '../../src/domain/shared/begrippen';
import { schemaNaam, type Sql, upsert } from '../opslag/sql';
import type { HistorieItem, OnderwerpItem } from './historie.fold';

/**
 * Persistence of the history read model, written by the projection runner in the transaction that also
 * moves the checkpoint. A batch's items go in one block per subject (`historie_blokken`, see
 * migrations/1763942500000-HistorieInBlokken.ts): a batch of the rebuild touches a doel with several
 * events, and a row per item made the row count, not the data, the rebuild's cost. Items are final once
 * written; the upsert only matters for a batch written again from the same checkpoint, where the block
 * starts at the same item and is replaced by the same or a longer one.
 */
export async function schrijfHistorie(sql: Sql, schema: string, gemeente: GemeenteCode, items: readonly OnderwerpItem[]): Promise<void> {
  // Items arrive in positie order (the runner folds in order), so each block is in positie order too.
  const perOnderwerp = new Map<string, HistorieItem<unknown>[]>();
  for (const { onderwerp, item } of items) {
    const blok = perOnderwerp.get(onderwerp);
    if (blok) blok.push(item);
    else perOnderwerp.set(onderwerp, [item]);
  }
  await upsert(
    sql,
    schema,
    'historie_blokken',
    [
      { naam: 'gemeente', type: 'text' }, { naam: 'onderwerp', type: 'text' }, { naam: 'van_positie', type: 'bigint' }, { naam: 'tot_positie', type: 'bigint' },
      { naam: 'items', type: 'jsonb' },
    ],
    ['gemeente', 'onderwerp', 'van_positie'],
    [...perOnderwerp].map(([onderwerp, blok]) => [gemeente, onderwerp, blok[0].positie, blok[blok.length - 1].positie, blok]),
  );
}

/** The stored items of the given subjects, per subject, in positie order (at most up to `totPositie`). */
export async function laadHistorie(sql: Sql, schema: string, gemeente: GemeenteCode, onderwerpen: readonly string[], totPositie: number): Promise<Map<string, HistorieItem<unknown>[]>> {
  // A block never reaches past the checkpoint it was written with, so whole blocks up to `totPositie`
  // are exactly the items up to it; a block of a batch committed after the caller read its checkpoint
  // starts after it and is left out.
  const rijen = (await sql.query(
    `SELECT onderwerp, items FROM ${schemaNaam(schema)}.historie_blokken WHERE gemeente = $1 AND onderwerp = ANY($2::text[]) AND tot_positie <= $3 ORDER BY van_positie`,
    [gemeente, onderwerpen, totPositie],
  )) as { onderwerp: string; items: HistorieItem<unknown>[] }[];
  const perOnderwerp = new Map<string, HistorieItem<unknown>[]>(onderwerpen.map((onderwerp) => [onderwerp, []]));
  for (const rij of rijen) perOnderwerp.get(rij.onderwerp)?.push(...rij.items);
  return perOnderwerp;
}
