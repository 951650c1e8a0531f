import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The history read model stores a block of items per (subject, written batch) instead of a row per
 * (subject, event): `leesmodel.historie_blokken` replaces `leesmodel.historie`.
 *
 * Why: a rebuild wrote 3.3 million history rows for 1 million events (an event has ≈ 3.3 subjects), and
 * a row's own cost in PostgreSQL (tuple, index entry, conflict check) was about half of its cost. A
 * batch of the projection runner touches a subject with several events, so its items go into one row:
 * `van_positie` and `tot_positie` are the first and last item's positie, `items` the items in positie
 * order, exactly as `historieItemsVan` made them. Blocks of one subject never overlap, because the
 * runner writes a batch once, from its checkpoint (projections/runner.ts); a block never reaches past
 * the checkpoint it was written with. What a reader gets (`laadHistorie`) is the same list of items.
 *
 * Up moves every row into a block of one item; down splits every block into its rows again. Both are
 * exact and check the item count before and after.
 */
export class HistorieInBlokken1763942500000 implements MigrationInterface {
  name = 'HistorieInBlokken1763942500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Millions of history rows take longer than the service's statement timeout (30 s); SET LOCAL ends
    // with this migration's transaction.
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    await queryRunner.query(`
      CREATE TABLE leesmodel.historie_blokken (
        gemeente text NOT NULL,
        onderwerp text NOT NULL,
        van_positie bigint NOT NULL,
        tot_positie bigint NOT NULL,
        items jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array' AND jsonb_array_length(items) > 0),
        PRIMARY KEY (gemeente, onderwerp, van_positie),
        CHECK (tot_positie >= van_positie)
      )`);
    const [{ voor }] = (await queryRunner.query(`SELECT count(*)::bigint::text AS voor FROM leesmodel.historie`)) as { voor: string }[];
    await queryRunner.query(`
      INSERT INTO leesmodel.historie_blokken (gemeente, onderwerp, van_positie, tot_positie, items)
      SELECT gemeente, onderwerp, positie, positie, jsonb_build_array(item) FROM leesmodel.historie`);
    const [{ na }] = (await queryRunner.query(`SELECT coalesce(sum(jsonb_array_length(items)), 0)::bigint::text AS na FROM leesmodel.historie_blokken`)) as { na: string }[];
    if (na !== voor) throw new Error(`HistorieInBlokken: ${voor} items voor, ${na} na`);
    await queryRunner.query(`DROP TABLE leesmodel.historie`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    await queryRunner.query(`
      CREATE TABLE leesmodel.historie (
        gemeente text NOT NULL,
        onderwerp text NOT NULL,
        positie bigint NOT NULL,
        item jsonb NOT NULL,
        PRIMARY KEY (gemeente, onderwerp, positie)
      )`);
    const [{ voor }] = (await queryRunner.query(`SELECT coalesce(sum(jsonb_array_length(items)), 0)::bigint::text AS voor FROM leesmodel.historie_blokken`)) as { voor: string }[];
    await queryRunner.query(`
      INSERT INTO leesmodel.historie (gemeente, onderwerp, positie, item)
      SELECT b.gemeente, b.onderwerp, (item ->> 'positie')::bigint, item FROM leesmodel.historie_blokken b, jsonb_array_elements(b.items) AS item`);
    const [{ na }] = (await queryRunner.query(`SELECT count(*)::bigint::text AS na FROM leesmodel.historie`)) as { na: string }[];
    if (na !== voor) throw new Error(`HistorieInBlokken (down): ${voor} items voor, ${na} na`);
    await queryRunner.query(`DROP TABLE leesmodel.historie_blokken`);
  }
}
