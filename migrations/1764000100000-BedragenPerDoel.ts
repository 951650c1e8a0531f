import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The lagen in `doel_bedragen`'s column order, each a numeric(20,2)[4] of [lasten, baten, toevoeging, onttrekking]. */
const LAGEN = [
  ['vastgesteldeBegroting', 'vastgestelde_begroting'],
  ['mutatiesProjecten', 'mutaties_projecten'],
  ['begrotingswijzigingen', 'begrotingswijzigingen'],
  ['jaarrekening', 'jaarrekening'],
] as const;

/**
 * A doel's amounts in a year become one row, `leesmodel.doel_bedragen`, instead of a row per laag in
 * `leesmodel.bedragen`.
 *
 * Why: a rebuild of 1,000,000 events wrote ≈ 2.4 million `bedragen` rows, and per row (tuple, index
 * entry, conflict check) PostgreSQL spent about twice what the same amounts cost in one row per doel
 * (issue 7, bench/RESULTATEN-herbouw.md). A laag that is all zero stays absent (NULL), unless every laag
 * of the doel is zero, exactly as the rows per laag were (migration 1763942400000); the reader
 * (projections/grootboek.projector.ts) takes NULL as zero.
 *
 * Up folds the rows of a doel into one and down splits them again; both exact, both checked by count.
 */
export class BedragenPerDoel1764000100000 implements MigrationInterface {
  name = 'BedragenPerDoel1764000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    const laagKolom = (kolom: string) => `${kolom} numeric(20, 2)[] CHECK (${kolom} IS NULL OR cardinality(${kolom}) = 4)`;
    await queryRunner.query(`
      CREATE TABLE leesmodel.doel_bedragen (
        gemeente text NOT NULL,
        jaar integer NOT NULL,
        doel text NOT NULL,
        ${LAGEN.map(([, kolom]) => laagKolom(kolom)).join(',\n        ')},
        PRIMARY KEY (gemeente, jaar, doel),
        CHECK (num_nonnulls(${LAGEN.map(([, kolom]) => kolom).join(', ')}) > 0)
      )`);
    const [{ voor }] = (await queryRunner.query(`SELECT count(*)::bigint::text AS voor FROM leesmodel.bedragen`)) as { voor: string }[];
    await queryRunner.query(`
      INSERT INTO leesmodel.doel_bedragen (gemeente, jaar, doel, ${LAGEN.map(([, kolom]) => kolom).join(', ')})
      SELECT gemeente, jaar, doel,
             ${LAGEN.map(([laag]) => `min(ARRAY[lasten, baten, toevoeging_reserves, onttrekking_reserves]) FILTER (WHERE laag = '${laag}')`).join(',\n             ')}
      FROM leesmodel.bedragen GROUP BY gemeente, jaar, doel`);
    const [{ na }] = (await queryRunner.query(
      `SELECT coalesce(sum(num_nonnulls(${LAGEN.map(([, kolom]) => kolom).join(', ')})), 0)::bigint::text AS na FROM leesmodel.doel_bedragen`,
    )) as { na: string }[];
    if (na !== voor) throw new Error(`BedragenPerDoel: ${voor} rijen voor, ${na} lagen na`);
    await queryRunner.query(`DROP TABLE leesmodel.bedragen`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    await queryRunner.query(`
      CREATE TABLE leesmodel.bedragen (
        gemeente text NOT NULL,
        jaar integer NOT NULL,
        doel text NOT NULL,
        laag text NOT NULL CHECK (laag IN ('vastgesteldeBegroting', 'mutatiesProjecten', 'begrotingswijzigingen', 'jaarrekening')),
        lasten numeric(20, 2) NOT NULL,
        baten numeric(20, 2) NOT NULL,
        toevoeging_reserves numeric(20, 2) NOT NULL,
        onttrekking_reserves numeric(20, 2) NOT NULL,
        PRIMARY KEY (gemeente, jaar, doel, laag)
      )`);
    const [{ voor }] = (await queryRunner.query(
      `SELECT coalesce(sum(num_nonnulls(${LAGEN.map(([, kolom]) => kolom).join(', ')})), 0)::bigint::text AS voor FROM leesmodel.doel_bedragen`,
    )) as { voor: string }[];
    await queryRunner.query(`
      INSERT INTO leesmodel.bedragen (gemeente, jaar, doel, laag, lasten, baten, toevoeging_reserves, onttrekking_reserves)
      SELECT d.gemeente, d.jaar, d.doel, l.laag, l.a[1], l.a[2], l.a[3], l.a[4]
      FROM leesmodel.doel_bedragen d
      CROSS JOIN LATERAL (VALUES ${LAGEN.map(([laag, kolom]) => `('${laag}', d.${kolom})`).join(', ')}) AS l (laag, a)
      WHERE l.a IS NOT NULL`);
    const [{ na }] = (await queryRunner.query(`SELECT count(*)::bigint::text AS na FROM leesmodel.bedragen`)) as { na: string }[];
    if (na !== voor) throw new Error(`BedragenPerDoel (down): ${voor} lagen voor, ${na} rijen na`);
    await queryRunner.query(`DROP TABLE leesmodel.doel_bedragen`);
  }
}
