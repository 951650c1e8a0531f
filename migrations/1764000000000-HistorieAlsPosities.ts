import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The history read model keeps, per subject, the positions of its events instead of the items:
 * `leesmodel.historie_posities` replaces `leesmodel.historie_blokken`.
 *
 * Why: an item (envelope, lines on the subject, running totals) follows from the events, which never
 * change; storing it as JSON, ~3.3 items of ~600 bytes per event, was most of a rebuild's cost (issue 7,
 * BENCHMARKS.md). A reader now reads the subject's events by position and folds them
 * (projections/historie/historie.projector.ts). A row is one subject and one written batch, as the
 * blocks were: `posities` ascending, `van_positie` and `tot_positie` its first and last.
 *
 * Up takes the positions out of the blocks, exactly, and checks the count. Down cannot put the items
 * back without folding the events, so it empties the history and winds its checkpoints back to zero:
 * the projection runner of the older code then writes every block again from the events.
 */
export class HistorieAlsPosities1764000000000 implements MigrationInterface {
  name = 'HistorieAlsPosities1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Millions of history items take longer than the service's statement timeout (30 s).
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    await queryRunner.query(`
      CREATE TABLE leesmodel.historie_posities (
        gemeente text NOT NULL,
        onderwerp text NOT NULL,
        van_positie bigint NOT NULL,
        tot_positie bigint NOT NULL,
        posities bigint[] NOT NULL CHECK (cardinality(posities) > 0),
        PRIMARY KEY (gemeente, onderwerp, van_positie),
        CHECK (posities[1] = van_positie AND posities[cardinality(posities)] = tot_positie)
      )`);
    const [{ voor }] = (await queryRunner.query(`SELECT coalesce(sum(jsonb_array_length(items)), 0)::bigint::text AS voor FROM leesmodel.historie_blokken`)) as { voor: string }[];
    await queryRunner.query(`
      INSERT INTO leesmodel.historie_posities (gemeente, onderwerp, van_positie, tot_positie, posities)
      SELECT b.gemeente, b.onderwerp, b.van_positie, b.tot_positie,
             ARRAY(SELECT (item ->> 'positie')::bigint FROM jsonb_array_elements(b.items) AS item ORDER BY 1)
      FROM leesmodel.historie_blokken b`);
    const [{ na }] = (await queryRunner.query(`SELECT coalesce(sum(cardinality(posities)), 0)::bigint::text AS na FROM leesmodel.historie_posities`)) as { na: string }[];
    if (na !== voor) throw new Error(`HistorieAlsPosities: ${voor} items voor, ${na} posities na`);
    await queryRunner.query(`DROP TABLE leesmodel.historie_blokken`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
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
    await queryRunner.query(`DELETE FROM leesmodel.checkpoints WHERE projectie = 'historie'`);
    await queryRunner.query(`DELETE FROM leesmodel.storingen WHERE projectie = 'historie'`);
    await queryRunner.query(`DROP TABLE leesmodel.historie_posities`);
  }
}
