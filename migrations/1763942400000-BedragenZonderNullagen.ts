import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `leesmodel.bedragen` keeps no row for a laag that is all zero, unless every laag of that doel is zero
 * (projections/grootboek.rijen.ts, `geschrevenLagen`): three of a doel's four lagen are zero in most
 * years, and writing them was more than half of the rows a rebuild wrote. The reader takes a missing
 * laag as zero, so every report stays the same.
 *
 * Up deletes the zero rows of doelen that also have a non-zero row, so an existing read model equals a
 * rebuild. Down is exact: before this migration every booked doel had all four rows, so down gives each
 * doel with any row its missing lagen back as zero rows. Both check the count they expect.
 */
export class BedragenZonderNullagen1763942400000 implements MigrationInterface {
  name = 'BedragenZonderNullagen1763942400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A read model of a million events has millions of rows: more than the service's statement timeout
    // (30 s) allows. SET LOCAL ends with this migration's transaction.
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    const nul = (b: string) => `(${b}.lasten = 0 AND ${b}.baten = 0 AND ${b}.toevoeging_reserves = 0 AND ${b}.onttrekking_reserves = 0)`;
    const metBedrag = `SELECT gemeente, jaar, doel FROM leesmodel.bedragen o GROUP BY gemeente, jaar, doel HAVING bool_or(NOT ${nul('o')})`;
    const [{ verwacht }] = (await queryRunner.query(
      `SELECT count(*)::bigint::text AS verwacht FROM leesmodel.bedragen b JOIN (${metBedrag}) d USING (gemeente, jaar, doel) WHERE ${nul('b')}`,
    )) as { verwacht: string }[];
    const [{ verwijderd }] = (await queryRunner.query(`
      WITH weg AS (
        DELETE FROM leesmodel.bedragen b USING (${metBedrag}) d
        WHERE b.gemeente = d.gemeente AND b.jaar = d.jaar AND b.doel = d.doel AND ${nul('b')}
        RETURNING 1
      )
      SELECT count(*)::bigint::text AS verwijderd FROM weg`)) as { verwijderd: string }[];
    if (verwijderd !== verwacht) throw new Error(`BedragenZonderNullagen: ${verwijderd} nulrijen verwijderd, ${verwacht} verwacht`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    await queryRunner.query(`
      INSERT INTO leesmodel.bedragen (gemeente, jaar, doel, laag, lasten, baten, toevoeging_reserves, onttrekking_reserves)
      SELECT d.gemeente, d.jaar, d.doel, l.laag, 0, 0, 0, 0
      FROM (SELECT DISTINCT gemeente, jaar, doel FROM leesmodel.bedragen) d
      CROSS JOIN (VALUES ('vastgesteldeBegroting'), ('mutatiesProjecten'), ('begrotingswijzigingen'), ('jaarrekening')) AS l (laag)
      ON CONFLICT (gemeente, jaar, doel, laag) DO NOTHING`);
    const [{ onvolledig }] = (await queryRunner.query(
      `SELECT count(*)::int AS onvolledig FROM (SELECT 1 FROM leesmodel.bedragen GROUP BY gemeente, jaar, doel HAVING count(*) <> 4) x`,
    )) as { onvolledig: number }[];
    if (onvolledig !== 0) throw new Error(`BedragenZonderNullagen (down): ${onvolledig} doelen zonder vier lagen`);
  }
}
