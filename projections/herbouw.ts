import type { DataSource, QueryRunner } from 'typeorm';
import type { EventStore, LogHead } from '../src/event-store/event-store.port';
import { HERBOUW_SCHEMA, LEESMODEL_SCHEMA } from './opslag/sql';
import { PROJECTIES, ProjectieRunner, type RunnerLogger, type RunnerOpties } from './runner';

/**
 * Rebuild on demand: every read model from zero, from the events alone.
 *
 * 1. A fresh schema `leesmodel_herbouw` gets a copy of every table's definition (`LIKE … INCLUDING ALL`,
 *    so the migration stays the one place that defines them).
 * 2. A runner of its own folds every gemeente's log into it; the live read models keep answering.
 * 3. The swap: one transaction locks `leesmodel.checkpoints` (so no live batch commits meanwhile),
 *    catches the new schema up to the heads of that moment, and renames the two schemas. A reader sees
 *    the old read models or the new ones, never a half-built one.
 *
 * Only one rebuild runs at a time, across processes (an advisory lock).
 */

/** Advisory lock key of the rebuild ("herbouw" in ASCII, as a number). */
const HERBOUW_LOCK_KEY = 0x68657262;
const OUD_SCHEMA = 'leesmodel_oud';
/**
 * Gemeenten rebuilt side by side: while one gemeente's batch is folded in Node, PostgreSQL writes
 * another's rows. With two, both sides still waited for each other a third of the time (a batch's five
 * round trips); four kept two cores busy (+20 % at 100 k events, issue 7). Each costs a fold state of
 * at most tens of megabytes.
 */
const HERBOUW_GELIJKTIJDIGE_GEMEENTEN = 4;

export class HerbouwBezigError extends Error {
  constructor() {
    super('er loopt al een herbouw van de projecties');
  }
}

export interface HerbouwResultaat {
  events: number;
  gemeenten: number;
  duurMs: number;
}

export async function herbouwProjecties(
  dataSource: DataSource,
  store: EventStore,
  opties: { logger?: RunnerLogger; voortgang?: RunnerOpties['voortgang']; naWissel?: () => void } = {},
): Promise<HerbouwResultaat> {
  const start = Date.now();
  const slot = dataSource.createQueryRunner();
  await slot.connect();
  try {
    const [{ verkregen }] = (await slot.query(`SELECT pg_try_advisory_lock($1) AS verkregen`, [HERBOUW_LOCK_KEY])) as { verkregen: boolean }[];
    if (!verkregen) throw new HerbouwBezigError();
    try {
      await maakLegeKopie(dataSource);
      const runner = new ProjectieRunner(dataSource, store, {
        schema: HERBOUW_SCHEMA,
        logger: opties.logger,
        voortgang: opties.voortgang,
        zonderWachtenOpSchijf: true,
        staatCacheGemeenten: HERBOUW_GELIJKTIJDIGE_GEMEENTEN,
      });
      let events = await runner.werkAllesBij(HERBOUW_GELIJKTIJDIGE_GEMEENTEN);
      const wissel = dataSource.createQueryRunner();
      await wissel.connect();
      try {
        await wissel.startTransaction('READ COMMITTED');
        await wissel.query(`LOCK TABLE ${LEESMODEL_SCHEMA}.checkpoints IN EXCLUSIVE MODE`);
        // The heads of this moment: events appended meanwhile are the live runner's, after the swap.
        const koppen = await store.heads();
        for (const kop of koppen) events += await runner.werkBij(kop.gemeente, kop.positie);
        await eisVolledig(dataSource, koppen);
        await zetAutovacuumAan(wissel);
        await wissel.query(`DROP SCHEMA IF EXISTS ${OUD_SCHEMA} CASCADE`);
        await wissel.query(`ALTER SCHEMA ${LEESMODEL_SCHEMA} RENAME TO ${OUD_SCHEMA}`);
        await wissel.query(`ALTER SCHEMA ${HERBOUW_SCHEMA} RENAME TO ${LEESMODEL_SCHEMA}`);
        await wissel.commitTransaction();
      } catch (error) {
        if (wissel.isTransactionActive) await wissel.rollbackTransaction();
        throw error;
      } finally {
        await wissel.release();
      }
      opties.naWissel?.();
      await dataSource.query(`DROP SCHEMA IF EXISTS ${OUD_SCHEMA} CASCADE`);
      const gemeenten = (await store.heads()).length;
      return { events, gemeenten, duurMs: Date.now() - start };
    } finally {
      await slot.query(`SELECT pg_advisory_unlock($1)`, [HERBOUW_LOCK_KEY]);
    }
  } finally {
    await slot.release();
  }
}

/**
 * A rebuild swaps in only a complete read model: every projection of every gemeente at the head, no
 * failure recorded. A projection that failed during the rebuild stops it here, before the swap.
 */
async function eisVolledig(dataSource: DataSource, koppen: readonly LogHead[]): Promise<void> {
  const checkpoints = (await dataSource.query(`SELECT projectie, gemeente, positie FROM ${HERBOUW_SCHEMA}.checkpoints`)) as { projectie: string; gemeente: string; positie: string }[];
  const stand = new Map(checkpoints.map((rij) => [`${rij.projectie}|${rij.gemeente}`, Number(rij.positie)]));
  const achter: string[] = [];
  for (const kop of koppen) {
    for (const projectie of PROJECTIES) {
      const positie = stand.get(`${projectie.naam}|${kop.gemeente}`) ?? 0;
      if (positie < kop.positie) achter.push(`${projectie.naam} van ${kop.gemeente} op ${positie} van ${kop.positie}`);
    }
  }
  const storingen = (await dataSource.query(`SELECT projectie, gemeente, reden FROM ${HERBOUW_SCHEMA}.storingen`)) as { projectie: string; gemeente: string; reden: string }[];
  for (const storing of storingen) achter.push(`${storing.projectie} van ${storing.gemeente}: ${storing.reden}`);
  if (achter.length > 0) throw new Error(`herbouw onvolledig, niet ingewisseld: ${achter.slice(0, 5).join('; ')}${achter.length > 5 ? ` (en ${achter.length - 5} meer)` : ''}`);
}

async function maakLegeKopie(dataSource: DataSource): Promise<void> {
  await dataSource.query(`DROP SCHEMA IF EXISTS ${HERBOUW_SCHEMA} CASCADE`);
  await dataSource.query(`CREATE SCHEMA ${HERBOUW_SCHEMA}`);
  const tabellen = (await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`,
    [LEESMODEL_SCHEMA],
  )) as { table_name: string }[];
  for (const { table_name: tabel } of tabellen) {
    // No autovacuum while the rebuild writes: it would vacuum and analyze tables that are still growing,
    // on the cores the rebuild needs. The swap turns it back on (`zetAutovacuumAan`), and then it finds
    // the tables whole.
    await dataSource.query(`CREATE TABLE ${HERBOUW_SCHEMA}."${tabel}" (LIKE ${LEESMODEL_SCHEMA}."${tabel}" INCLUDING ALL) WITH (autovacuum_enabled = false)`);
  }
}

async function zetAutovacuumAan(sql: QueryRunner): Promise<void> {
  const tabellen = (await sql.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`, [HERBOUW_SCHEMA])) as { table_name: string }[];
  for (const { table_name: tabel } of tabellen) await sql.query(`ALTER TABLE ${HERBOUW_SCHEMA}."${tabel}" RESET (autovacuum_enabled)`);
}
