import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store: one ordering domain per gemeente.
 *
 * `gemeente_logs` holds each gemeente's head (last position and head hash). An append locks that row
 * until commit, so positions are gapless and commit order equals position order: a reader that has seen
 * position N of a gemeente never later finds a committed event below N there. The hash chain runs per
 * gemeente, so one municipality's auditor verifies its chain without seeing another's events.
 *
 * Events are facts: triggers refuse UPDATE, DELETE and TRUNCATE on `events` inside PostgreSQL itself.
 */
export class EventStore1763800000000 implements MigrationInterface {
  name = 'EventStore1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE gemeente_logs (
        gemeente text PRIMARY KEY,
        positie bigint NOT NULL CHECK (positie >= 0),
        kop_hash char(64) NOT NULL,
        laatst_recorded_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE events (
        gemeente text NOT NULL REFERENCES gemeente_logs (gemeente),
        positie bigint NOT NULL CHECK (positie > 0),
        event_id uuid NOT NULL,
        stream_id text NOT NULL,
        stream_version integer NOT NULL CHECK (stream_version > 0),
        type text NOT NULL,
        schema_version integer NOT NULL CHECK (schema_version > 0),
        datum date NOT NULL,
        recorded_at timestamptz NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        tags text[] NOT NULL,
        hash char(64) NOT NULL,
        CONSTRAINT events_pk PRIMARY KEY (gemeente, positie),
        CONSTRAINT events_event_id_uq UNIQUE (event_id),
        CONSTRAINT events_stream_version_uq UNIQUE (stream_id, stream_version)
      )`);
    await queryRunner.query(`CREATE INDEX events_tags_ix ON events USING gin (tags)`);
    await queryRunner.query(`
      CREATE FUNCTION events_zijn_onveranderlijk() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events zijn onveranderlijk: % op events is niet toegestaan; een correctie is een nieuw event', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER events_geen_update_of_delete BEFORE UPDATE OR DELETE ON events
        FOR EACH ROW EXECUTE FUNCTION events_zijn_onveranderlijk()`);
    await queryRunner.query(`
      CREATE TRIGGER events_geen_truncate BEFORE TRUNCATE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION events_zijn_onveranderlijk()`);
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        gemeente text NOT NULL,
        sleutel text NOT NULL,
        request_hash char(64) NOT NULL,
        resultaat jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (gemeente, sleutel)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_keys`);
    await queryRunner.query(`DROP TRIGGER events_geen_truncate ON events`);
    await queryRunner.query(`DROP TRIGGER events_geen_update_of_delete ON events`);
    await queryRunner.query(`DROP FUNCTION events_zijn_onveranderlijk()`);
    await queryRunner.query(`DROP TABLE events`);
    await queryRunner.query(`DROP TABLE gemeente_logs`);
  }
}
