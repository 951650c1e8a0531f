import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The lagen's amount columns, each a numeric(20,2)[4] of [lasten, baten, toevoeging, onttrekking]. */
const LAAG_KOLOMMEN = ['vastgestelde_begroting', 'mutaties_projecten', 'begrotingswijzigingen', 'jaarrekening'] as const;
const lagen = LAAG_KOLOMMEN.join(', ');

/**
 * A doel's registration and its amounts in a year become one row: `leesmodel.doel_bedragen` is folded
 * into `leesmodel.doelen`, which gains the four laag columns.
 *
 * Why: both tables had a row per doel and year, so a rebuild wrote every doel twice, and the `doelen`
 * rows were a third of all its rows. Leaving them out cut a 1 M-event rebuild's PostgreSQL CPU by a
 * fifth (issue 7, bench/RESULTATEN-herbouw.md).
 *
 * The row keeps both facts apart: `naam` and `programma` are null for a doel booked but never registered
 * (the fold allows it; the decider does not), and a doel registered but never booked has no laag. A laag
 * keeps the meaning of migration 1764000100000: NULL when all zero, unless every laag of a booked doel
 * is zero.
 *
 * Up and down are exact, both checked by count.
 */
export class DoelenMetBedragen1764000200000 implements MigrationInterface {
  name = 'DoelenMetBedragen1764000200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    const [{ voor }] = (await queryRunner.query(
      `SELECT ((SELECT count(*) FROM leesmodel.doelen) + (SELECT count(*) FROM leesmodel.doel_bedragen d
          WHERE NOT EXISTS (SELECT FROM leesmodel.doelen g WHERE (g.gemeente, g.jaar, g.code) = (d.gemeente, d.jaar, d.doel))))::text AS voor`,
    )) as { voor: string }[];
    await queryRunner.query(`
      ALTER TABLE leesmodel.doelen
        ALTER COLUMN naam DROP NOT NULL,
        ALTER COLUMN programma DROP NOT NULL,
        ${LAAG_KOLOMMEN.map((kolom) => `ADD COLUMN ${kolom} numeric(20, 2)[] CHECK (${kolom} IS NULL OR cardinality(${kolom}) = 4)`).join(',\n        ')},
        ADD CONSTRAINT doelen_naam_en_programma CHECK ((naam IS NULL) = (programma IS NULL)),
        ADD CONSTRAINT doelen_geregistreerd_of_geboekt CHECK (naam IS NOT NULL OR num_nonnulls(${lagen}) > 0)`);
    await queryRunner.query(`
      INSERT INTO leesmodel.doelen (gemeente, jaar, code, naam, programma, ${lagen})
      SELECT gemeente, jaar, doel, NULL, NULL, ${lagen} FROM leesmodel.doel_bedragen
      ON CONFLICT (gemeente, jaar, code) DO UPDATE SET ${LAAG_KOLOMMEN.map((kolom) => `${kolom} = EXCLUDED.${kolom}`).join(', ')}`);
    const [{ na, geboekt, bedragen }] = (await queryRunner.query(
      `SELECT (SELECT count(*) FROM leesmodel.doelen)::text AS na,
              (SELECT count(*) FROM leesmodel.doelen WHERE num_nonnulls(${lagen}) > 0)::text AS geboekt,
              (SELECT count(*) FROM leesmodel.doel_bedragen)::text AS bedragen`,
    )) as { na: string; geboekt: string; bedragen: string }[];
    if (na !== voor || geboekt !== bedragen) throw new Error(`DoelenMetBedragen: ${voor} doelen verwacht, ${na} na; ${bedragen} geboekt verwacht, ${geboekt} na`);
    await queryRunner.query(`DROP TABLE leesmodel.doel_bedragen`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    const laagKolom = (kolom: string) => `${kolom} numeric(20, 2)[] CHECK (${kolom} IS NULL OR cardinality(${kolom}) = 4)`;
    await queryRunner.query(`
      CREATE TABLE leesmodel.doel_bedragen (
        gemeente text NOT NULL,
        jaar integer NOT NULL,
        doel text NOT NULL,
        ${LAAG_KOLOMMEN.map(laagKolom).join(',\n        ')},
        PRIMARY KEY (gemeente, jaar, doel),
        CHECK (num_nonnulls(${lagen}) > 0)
      )`);
    const [{ geboekt, geregistreerd }] = (await queryRunner.query(
      `SELECT count(*) FILTER (WHERE num_nonnulls(${lagen}) > 0)::text AS geboekt, count(*) FILTER (WHERE naam IS NOT NULL)::text AS geregistreerd FROM leesmodel.doelen`,
    )) as { geboekt: string; geregistreerd: string }[];
    await queryRunner.query(`
      INSERT INTO leesmodel.doel_bedragen (gemeente, jaar, doel, ${lagen})
      SELECT gemeente, jaar, code, ${lagen} FROM leesmodel.doelen WHERE num_nonnulls(${lagen}) > 0`);
    await queryRunner.query(`DELETE FROM leesmodel.doelen WHERE naam IS NULL`);
    await queryRunner.query(`
      ALTER TABLE leesmodel.doelen
        DROP CONSTRAINT doelen_geregistreerd_of_geboekt,
        DROP CONSTRAINT doelen_naam_en_programma,
        ${LAAG_KOLOMMEN.map((kolom) => `DROP COLUMN ${kolom}`).join(',\n        ')},
        ALTER COLUMN naam SET NOT NULL,
        ALTER COLUMN programma SET NOT NULL`);
    const [{ bedragen, doelen }] = (await queryRunner.query(
      `SELECT (SELECT count(*) FROM leesmodel.doel_bedragen)::text AS bedragen, (SELECT count(*) FROM leesmodel.doelen)::text AS doelen`,
    )) as { bedragen: string; doelen: string }[];
    if (bedragen !== geboekt || doelen !== geregistreerd) throw new Error(`DoelenMetBedragen (down): ${geboekt} geboekt verwacht, ${bedragen} na; ${geregistreerd} doelen verwacht, ${doelen} na`);
  }
}
