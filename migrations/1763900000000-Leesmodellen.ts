import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The persisted read models (projections/), all in schema `leesmodel`.
 *
 * Every table is a faithful image of the pure fold (`projections/grootboek.fold.ts`) or of the history
 * items (`projections/historie/historie.fold.ts`) at the position in `checkpoints`, and the rows and
 * their checkpoint are written in one transaction. A rebuild (`projections/herbouw.ts`) creates a
 * sibling schema with `CREATE TABLE … (LIKE leesmodel.… INCLUDING ALL)`, fills it from the events and
 * swaps the two schemas in one transaction, so no reader ever sees a half-built read model.
 *
 * Amounts are `numeric(20, 2)`: exact, two decimals like every amount of the ledger (inputs have at most
 * two, so sums never need rounding), and room for sums far beyond one amount's 10^13.
 */
export class Leesmodellen1763900000000 implements MigrationInterface {
  name = 'Leesmodellen1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA leesmodel`);
    await queryRunner.query(`
      CREATE TABLE leesmodel.checkpoints (
        projectie text NOT NULL,
        gemeente text NOT NULL,
        positie bigint NOT NULL CHECK (positie >= 0),
        bijgewerkt_op timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (projectie, gemeente)
      )`);
    await queryRunner.query(`
      CREATE TABLE leesmodel.storingen (
        projectie text NOT NULL,
        gemeente text NOT NULL,
        positie bigint NOT NULL,
        reden text NOT NULL,
        sinds timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (projectie, gemeente)
      )`);
    await queryRunner.query(`
      CREATE TABLE leesmodel.gemeenten (
        gemeente text PRIMARY KEY,
        naam text,
        drempel_bedrag numeric(20, 2) NOT NULL,
        drempel_percentage text
      )`);
    await queryRunner.query(`
      CREATE TABLE leesmodel.jaren (
        gemeente text NOT NULL,
        jaar integer NOT NULL,
        begroting_vastgesteld boolean NOT NULL,
        jaarrekening_vastgesteld boolean NOT NULL,
        PRIMARY KEY (gemeente, jaar)
      )`);
    await queryRunner.query(`
      CREATE TABLE leesmodel.doelen (
        gemeente text NOT NULL,
        jaar integer NOT NULL,
        code text NOT NULL,
        naam text NOT NULL,
        programma text NOT NULL,
        PRIMARY KEY (gemeente, jaar, code)
      )`);
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
    await queryRunner.query(`
      CREATE TABLE leesmodel.reservemutaties (
        gemeente text NOT NULL,
        jaar integer NOT NULL,
        reserve text NOT NULL,
        doel text NOT NULL,
        begroot_toevoegingen numeric(20, 2) NOT NULL,
        begroot_onttrekkingen numeric(20, 2) NOT NULL,
        realisatie_toevoegingen numeric(20, 2) NOT NULL,
        realisatie_onttrekkingen numeric(20, 2) NOT NULL,
        PRIMARY KEY (gemeente, jaar, reserve, doel)
      )`);
    await queryRunner.query(`
      CREATE TABLE leesmodel.toelichtingen (
        gemeente text NOT NULL,
        jaar integer NOT NULL,
        doel text NOT NULL,
        kolom text NOT NULL,
        tekst text NOT NULL,
        event_id uuid NOT NULL,
        positie bigint NOT NULL,
        PRIMARY KEY (gemeente, jaar, doel, kolom)
      )`);
    await queryRunner.query(`
      CREATE TABLE leesmodel.reserves (
        gemeente text NOT NULL,
        code text NOT NULL,
        naam text NOT NULL,
        soort text NOT NULL,
        beginsaldo numeric(20, 2) NOT NULL,
        peildatum date NOT NULL,
        opgeheven boolean NOT NULL,
        PRIMARY KEY (gemeente, code)
      )`);
    await queryRunner.query(`
      CREATE TABLE leesmodel.balanssaldi (
        gemeente text NOT NULL,
        reserve text NOT NULL,
        positie bigint NOT NULL,
        datum date NOT NULL,
        saldo numeric(20, 2) NOT NULL,
        PRIMARY KEY (gemeente, reserve, positie)
      )`);
    await queryRunner.query(`
      CREATE TABLE leesmodel.kredieten (
        gemeente text NOT NULL,
        code text NOT NULL,
        naam text NOT NULL,
        doel text NOT NULL,
        omvang numeric(20, 2) NOT NULL,
        afgesloten boolean NOT NULL,
        PRIMARY KEY (gemeente, code)
      )`);
    await queryRunner.query(`
      CREATE TABLE leesmodel.kredietbestedingen (
        gemeente text NOT NULL,
        krediet text NOT NULL,
        jaar integer NOT NULL,
        bedrag numeric(20, 2) NOT NULL,
        PRIMARY KEY (gemeente, krediet, jaar)
      )`);
    await queryRunner.query(`
      CREATE TABLE leesmodel.projectmutaties (
        gemeente text NOT NULL,
        event_id uuid NOT NULL,
        krediet text NOT NULL,
        doel text NOT NULL,
        PRIMARY KEY (gemeente, event_id)
      )`);
    // One row per (subject, event): 'doel:2022:2.3.1', 'reserve:RES-HERSTEL', 'krediet:KR-1', and
    // 'jaar:2022' for the year's lifecycle events that every doel's history shows.
    await queryRunner.query(`
      CREATE TABLE leesmodel.historie (
        gemeente text NOT NULL,
        onderwerp text NOT NULL,
        positie bigint NOT NULL,
        item jsonb NOT NULL,
        PRIMARY KEY (gemeente, onderwerp, positie)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA leesmodel CASCADE`);
  }
}
