import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foreign key from `events` to `gemeente_logs` is replaced by head rows that cannot be deleted,
 * truncated or renamed.
 *
 * Why: the key cost every appended event a check query and a row lock on its gemeente's head row
 * (a `Heap/LOCK` WAL record), although every append already holds that row: the store writes an event
 * only in the statement or transaction that moves its gemeente's head (bench/RESULTATEN-append.md).
 * What the key still guarded was that a head row with events is never deleted or renamed; the triggers
 * below refuse that for every head row, without a per-event check. An event inserted around the store
 * was never stopped by the key either (a head row can be inserted with it); that is what the hash chain
 * and `verify` are for.
 *
 * Refused inside PostgreSQL itself, as the events' own guard is (migrations/1763800000000-EventStore.ts).
 * All three are statement triggers on purpose: a row trigger on UPDATE, even one limited to a column the
 * append does not name, makes PostgreSQL lock the row before every update (one more WAL record per
 * append). These fire only on DELETE, TRUNCATE and an UPDATE that names the `gemeente` column at all.
 */
export class KopZonderForeignKey1763960000000 implements MigrationInterface {
  name = 'KopZonderForeignKey1763960000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Checked before the key goes, so no event is left without a head row (the key guaranteed it until now).
    const [{ zonderKop }] = (await queryRunner.query(
      `SELECT count(*)::int AS "zonderKop" FROM (SELECT DISTINCT gemeente FROM events) e
       WHERE NOT EXISTS (SELECT 1 FROM gemeente_logs g WHERE g.gemeente = e.gemeente)`,
    )) as { zonderKop: number }[];
    if (zonderKop !== 0) throw new Error(`${zonderKop} gemeenten hebben events zonder kop in gemeente_logs`);
    await queryRunner.query(`
      CREATE FUNCTION gemeente_logs_koppen_blijven() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'de kop van een gemeente blijft: % op gemeente_logs is niet toegestaan', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER gemeente_logs_geen_delete BEFORE DELETE ON gemeente_logs
        FOR EACH STATEMENT EXECUTE FUNCTION gemeente_logs_koppen_blijven()`);
    await queryRunner.query(`
      CREATE TRIGGER gemeente_logs_geen_truncate BEFORE TRUNCATE ON gemeente_logs
        FOR EACH STATEMENT EXECUTE FUNCTION gemeente_logs_koppen_blijven()`);
    await queryRunner.query(`
      CREATE TRIGGER gemeente_logs_gemeente_blijft BEFORE UPDATE OF gemeente ON gemeente_logs
        FOR EACH STATEMENT EXECUTE FUNCTION gemeente_logs_koppen_blijven()`);
    await queryRunner.query(`ALTER TABLE events DROP CONSTRAINT events_gemeente_fkey`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events ADD CONSTRAINT events_gemeente_fkey FOREIGN KEY (gemeente) REFERENCES gemeente_logs (gemeente)`);
    await queryRunner.query(`DROP TRIGGER gemeente_logs_gemeente_blijft ON gemeente_logs`);
    await queryRunner.query(`DROP TRIGGER gemeente_logs_geen_truncate ON gemeente_logs`);
    await queryRunner.query(`DROP TRIGGER gemeente_logs_geen_delete ON gemeente_logs`);
    await queryRunner.query(`DROP FUNCTION gemeente_logs_koppen_blijven()`);
  }
}
