import type { DataSource } from 'typeorm';
import type { GemeenteCode } from '../src/domain/shared/begrippen';
import type { RecordedEvent } from '../src/domain/shared/recorded-event';
import type { EventStore } from '../src/event-store/event-store.port';
import { readWholeLog } from '../src/application/stream-reader';
import { WachtrijPerSleutel } from '../src/shared/wachtrij-per-sleutel';
import { applyEvent, foldGrootboek, type Grootboek, legeGrootboek, nieuweVouwSessie } from './grootboek.fold';
import { grootboekTabellen, laadGrootboek } from './grootboek.projector';
import { wijzigingen } from './grootboek.rijen';
import { onderwerpenVan, type OnderwerpVerwijzing } from './historie/historie.fold';
import { historieTabellen } from './historie/historie.projector';
import { schemaNaam, type Schrijfstap, schrijfstappen, type Sql, type TabelRijen, voerUit } from './opslag/sql';

/**
 * The projection runner: keeps the read models of one schema up to date from the event store.
 *
 * - Order: each gemeente's log is read in position order from the projection's checkpoint. The store
 *   guarantees that positions within a gemeente commit in order (migrations/…-EventStore.ts), so
 *   `positie > checkpoint` never skips an event.
 * - Atomicity: a batch's rows and the checkpoint move in one transaction. The transaction first locks
 *   the checkpoint row and checks it still holds the position the batch was folded from; if not
 *   (another writer, a rebuild swapped the schema) the batch is dropped and read again. So applying an
 *   event twice changes nothing.
 * - Isolation: each projection has its own checkpoint. One that fails is logged, recorded in
 *   `storingen`, and retried with a growing pause; the others go on. Reports whose projection is
 *   behind are answered by the on-demand fold instead (src/modules/rapportage/rapportage.service.ts).
 * - Memory: the fold state of at most `STATE_CACHE_GEMEENTEN` gemeenten (or `staatCacheGemeenten`) stays in memory; any other
 *   state is loaded from the read model's rows at its checkpoint.
 */

/**
 * A projection: what it takes from each folded event, and the rows a batch writes. `volg` runs right
 * after each event is folded: `na` is whole then, and of `voor` the root fields and `projectmutaties`
 * (a batch is folded in one `VouwSessie`, see grootboek.fold.ts). The runner writes the rows, with the
 * checkpoint, in one transaction.
 */
export interface Projectie<T = unknown> {
  readonly naam: string;
  volg?(voor: Grootboek, na: Grootboek, event: RecordedEvent): readonly T[];
  rijen(gemeente: GemeenteCode, batch: Batch<T>): readonly TabelRijen[];
}

/** A folded batch: the state before its first event and after its last, and what `volg` collected. */
export interface Batch<T = unknown> {
  begin: Grootboek;
  eind: Grootboek;
  events: readonly RecordedEvent[];
  gevolgd: readonly T[];
}

export const GROOTBOEK_PROJECTIE: Projectie = {
  naam: 'grootboek',
  // One diff per batch: rows touched by several events of the batch are written once.
  rijen: (gemeente, batch) => grootboekTabellen(gemeente, wijzigingen(batch.begin, batch.eind)),
};

export const HISTORIE_PROJECTIE: Projectie<OnderwerpVerwijzing> = {
  naam: 'historie',
  volg: onderwerpenVan,
  rijen: (gemeente, batch) => historieTabellen(gemeente, batch.gevolgd),
};

/** Folds events onto `begin` in one session and collects what each projection follows. */
export function vouwBatch(begin: Grootboek, events: readonly RecordedEvent[], projecties: readonly Projectie[]): Map<Projectie, Batch> {
  const sessie = nieuweVouwSessie();
  const gevolgd = new Map<Projectie, unknown[]>(projecties.map((projectie) => [projectie, []]));
  let toestand = begin;
  for (const event of events) {
    const na = applyEvent(toestand, event, sessie);
    for (const projectie of projecties) if (projectie.volg) gevolgd.get(projectie)?.push(...projectie.volg(toestand, na, event));
    toestand = na;
  }
  return new Map(projecties.map((projectie) => [projectie, { begin, eind: toestand, events, gevolgd: gevolgd.get(projectie) ?? [] }]));
}

/** The statements of one or more projections' part of a batch, or why their rows could not be made. */
type BatchDeel = { projecties: readonly Projectie[] } & ({ stappen: readonly Schrijfstap[] } | { fout: unknown });

/** A folded batch, ready to write: the state after it, its last positie, and the statements per part. */
interface BereideBatch {
  eind: Grootboek;
  tot: number;
  aantal: number;
  delen: BatchDeel[];
}

/**
 * Folds a batch and builds its statements at once, before any round trip: the events, the fold's
 * intermediate states and the rows are garbage before the runner awaits anything. A rebuild folds four
 * gemeenten side by side, and whatever outlives an await is copied by V8's young-generation collector
 * while the others run (issue 7). The projections of a group go into one statement (half the round trips
 * and commits of one each); `apart` gives each its own, after the group's write failed, so only the
 * one at fault stops.
 */
function bereidBatch(
  schema: string,
  gemeente: GemeenteCode,
  begin: Grootboek,
  events: readonly RecordedEvent[],
  groep: readonly Projectie[],
  apart: boolean,
): BereideBatch | null {
  if (events.length === 0) return null;
  const batches = vouwBatch(begin, events, groep);
  const stappen = (projecties: readonly Projectie[]): BatchDeel => {
    try {
      return { projecties, stappen: schrijfstappen(schema, projecties.flatMap((projectie) => projectie.rijen(gemeente, batches.get(projectie) as Batch))) };
    } catch (fout) {
      return { projecties, fout };
    }
  };
  return {
    eind: (batches.get(groep[0]) as Batch).eind,
    tot: events[events.length - 1].positie,
    aantal: events.length,
    delen: apart || groep.length === 1 ? groep.map((projectie) => stappen([projectie])) : [stappen(groep)],
  };
}

export const PROJECTIES: readonly Projectie[] = [GROOTBOEK_PROJECTIE, HISTORIE_PROJECTIE as Projectie];

export interface RunnerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface RunnerOpties {
  schema: string;
  projecties?: readonly Projectie[];
  batchSizeEvents?: number;
  logger?: RunnerLogger;
  /** Called after every written batch: for progress on a terminal. */
  voortgang?: (gemeente: GemeenteCode, positie: number, kopPositie: number) => void;
  /** The first pause after a projection failed; it doubles per failure up to five minutes. */
  storingPauzeMinMs?: number;
  /**
   * Commit batches without waiting for their WAL to reach disk (`synchronous_commit = off`). Only for a
   * rebuild into its own schema: a crash loses at most the last batches of a schema that is rebuilt
   * from zero anyway, and the swap's own (synchronous) commit makes every earlier batch durable, because
   * PostgreSQL flushes the WAL in order.
   */
  zonderWachtenOpSchijf?: boolean;
  /**
   * Fold states kept in memory (default STATE_CACHE_GEMEENTEN). A rebuild visits each gemeente once, so
   * it keeps only those in flight: a state of 385 doelen over 10 years is tens of megabytes.
   */
  staatCacheGemeenten?: number;
}

export const BATCH_SIZE_EVENTS = 1000;

/**
 * Lines (regels) a batch may carry. A year's journal imported at once arrives as a run of events of
 * 5,000 lines each; folding them one by one keeps the rows and history items in memory bounded.
 */
export const MAX_REGELS_PER_BATCH = 5000;

const regelsVan = (event: RecordedEvent): number => {
  const regels = (event.data as { regels?: unknown } | null)?.regels;
  return Array.isArray(regels) ? Math.max(1, regels.length) : 1;
};

/** The longest prefix within MAX_REGELS_PER_BATCH lines, and always at least one event. */
function binnenRegelgrens(events: RecordedEvent[]): RecordedEvent[] {
  let regels = 0;
  for (let index = 0; index < events.length; index++) {
    regels += regelsVan(events[index]);
    if (index > 0 && regels > MAX_REGELS_PER_BATCH) return events.slice(0, index);
  }
  return events;
}
const STATE_CACHE_GEMEENTEN = 16;
/** Rounds of one catch-up of one gemeente: each round advances at least one projection by one batch. */
const MAX_ROUNDS_PER_CATCH_UP = 100_000;
const STORING_PAUZE_MIN_MS = 1000;
const STORING_PAUZE_MAX_MS = 5 * 60_000;

const stil: RunnerLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

export class ProjectieRunner {
  readonly schema: string;
  private readonly projecties: readonly Projectie[];
  private readonly batchSizeEvents: number;
  private readonly logger: RunnerLogger;
  private readonly cache = new Map<GemeenteCode, Grootboek>();
  private readonly storingen = new Map<string, { pogingen: number; volgendePogingMs: number }>();
  /** Per gemeente the catch-up in flight: catch-ups of one gemeente never overlap in this process. */
  private readonly bezig = new WachtrijPerSleutel<GemeenteCode>();
  private onderbroken = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly opties: RunnerOpties,
  ) {
    this.schema = schemaNaam(opties.schema);
    this.projecties = opties.projecties ?? PROJECTIES;
    this.batchSizeEvents = opties.batchSizeEvents ?? BATCH_SIZE_EVENTS;
    this.logger = opties.logger ?? stil;
  }

  /**
   * Catches every gemeente up to its head as it is now, `gelijktijdig` gemeenten side by side (a rebuild
   * keeps Node folding one gemeente while PostgreSQL writes another's rows). Returns how many events were
   * folded. After a failure no further gemeente is started; the first error is thrown once the others
   * in flight are done.
   */
  async werkAllesBij(gelijktijdig = 1): Promise<number> {
    const koppen = await this.store.heads();
    let volgende = 0;
    let events = 0;
    let fout: { error: unknown } | null = null;
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(gelijktijdig, koppen.length)) }, async () => {
        // Bounded: each turn takes the next head of a fixed list.
        while (volgende < koppen.length && !this.onderbroken && fout === null) {
          const head = koppen[volgende++];
          try {
            // Not `events += await …`: that reads `events` before the await and loses the other workers' counts.
            const gevouwen = await this.werkBij(head.gemeente, head.positie);
            events += gevouwen;
          } catch (error) {
            fout ??= { error };
          }
        }
      }),
    );
    if (fout !== null) throw (fout as { error: unknown }).error;
    return events;
  }

  /**
   * Catches one gemeente up to `totPositie` (default: its head now). Concurrent callers for the same
   * gemeente queue behind each other; the second usually finds nothing left to do.
   */
  async werkBij(gemeente: GemeenteCode, totPositie?: number): Promise<number> {
    // Unbounded: a catch-up that finds nothing to do returns at once.
    return this.bezig.plaats(gemeente, async () => this.catchUp(gemeente, totPositie ?? (await this.store.head(gemeente))?.positie ?? 0)) as Promise<number>;
  }


  /** The projection's checkpoints of a gemeente (0 for one that has not started). */
  async checkpoints(gemeente: GemeenteCode, sql: Sql = this.dataSource): Promise<Record<string, number>> {
    const rijen = (await sql.query(`SELECT projectie, positie FROM ${this.schema}.checkpoints WHERE gemeente = $1`, [gemeente])) as { projectie: string; positie: string }[];
    const checkpoints: Record<string, number> = Object.fromEntries(this.projecties.map((projectie) => [projectie.naam, 0]));
    for (const rij of rijen) checkpoints[rij.projectie] = Number(rij.positie);
    return checkpoints;
  }

  /** Whether the projection stopped on an error for this gemeente and has not recovered yet. */
  inStoring(projectie: string, gemeente: GemeenteCode): boolean {
    return this.storingen.has(`${projectie}|${gemeente}`);
  }

  /** The gemeenten with a projection that stopped on an error and has not recovered yet. */
  gemeentenInStoring(): GemeenteCode[] {
    return [...new Set([...this.storingen.keys()].map((sleutel) => sleutel.slice(sleutel.indexOf('|') + 1)))];
  }

  /** Stops every catch-up after the batch in flight (a shutdown); nothing half-written stays behind. */
  onderbreek(): void {
    this.onderbroken = true;
  }

  /** Drops the in-memory fold states, e.g. after a rebuild swapped the schema underneath. */
  vergeetToestand(): void {
    this.cache.clear();
  }

  private async catchUp(gemeente: GemeenteCode, totPositie: number): Promise<number> {
    let gevouwen = 0;
    // A projection that fails gets one attempt per catch-up; the others go on without it.
    const mislukt = new Set<string>();
    // After a group's write failed, the same batch is folded again and each projection written alone.
    let apart = false;
    for (let ronde = 0; ronde < MAX_ROUNDS_PER_CATCH_UP; ronde++) {
      if (this.onderbroken) return gevouwen;
      const checkpoints = await this.checkpoints(gemeente);
      const nu = Date.now();
      const achter = this.projecties.filter((projectie) => {
        if (checkpoints[projectie.naam] >= totPositie || mislukt.has(projectie.naam)) return false;
        const storing = this.storingen.get(`${projectie.naam}|${gemeente}`);
        return !storing || storing.volgendePogingMs <= nu;
      });
      if (achter.length === 0) return gevouwen;
      // The furthest-behind projections go first, so a recovering one catches up with the rest and
      // from then on they share every fold.
      const vanaf = Math.min(...achter.map((projectie) => checkpoints[projectie.naam]));
      const groep = achter.filter((projectie) => checkpoints[projectie.naam] === vanaf);
      const begin = await this.toestandOp(gemeente, vanaf, checkpoints);
      // The events go straight into the fold: no variable of this loop holds them across an await.
      const batch = bereidBatch(
        this.schema,
        gemeente,
        begin,
        binnenRegelgrens(await this.store.readLog(gemeente, { naPositie: vanaf, limit: this.batchSizeEvents, totPositie })),
        groep,
        apart,
      );
      if (batch === null) return gevouwen;
      let geschreven = false;
      let groepMislukt = false;
      for (const deel of batch.delen) {
        const uitkomst = await this.schrijfBatch(deel, gemeente, vanaf, batch.tot);
        if (uitkomst === 'geschreven') geschreven = true;
        if (uitkomst === 'mislukt' && deel.projecties.length > 1) groepMislukt = true;
        else if (uitkomst === 'mislukt') mislukt.add(deel.projecties[0].naam);
      }
      apart = groepMislukt;
      if (geschreven) {
        this.onthoud(gemeente, batch.eind);
        gevouwen += batch.aantal;
        this.opties.voortgang?.(gemeente, batch.tot, totPositie);
      }
    }
    throw new Error(`catch-up van ${gemeente} stopte na ${MAX_ROUNDS_PER_CATCH_UP} rondes`);
  }

  /** The fold state at `positie`: from memory, from the grootboek rows at that checkpoint, or folded from the log. */
  private async toestandOp(gemeente: GemeenteCode, positie: number, checkpoints: Record<string, number>): Promise<Grootboek> {
    if (positie === 0) return legeGrootboek();
    const bekend = this.cache.get(gemeente);
    if (bekend && bekend.positie === positie) return bekend;
    if (checkpoints[GROOTBOEK_PROJECTIE.naam] === positie && !this.inStoring(GROOTBOEK_PROJECTIE.naam, gemeente)) {
      const geladen = await laadGrootboek(this.dataSource, this.schema, gemeente);
      if (geladen.positie === positie) return geladen;
    }
    return foldGrootboek(await readWholeLog(this.store, gemeente, positie));
  }

  private onthoud(gemeente: GemeenteCode, toestand: Grootboek): void {
    this.cache.delete(gemeente);
    this.cache.set(gemeente, toestand);
    // Map iteration order is insertion order: the first key is the least recently used.
    while (this.cache.size > (this.opties.staatCacheGemeenten ?? STATE_CACHE_GEMEENTEN)) this.cache.delete(this.cache.keys().next().value as GemeenteCode);
  }

  /**
   * Writes a prepared part of a batch (one or more projections) and their checkpoints in one transaction.
   * 'verschoven': a checkpoint was no longer where the batch was folded from, so nothing was written and
   * the next round reads again. 'mislukt': nothing was written; a single projection's failure is recorded.
   */
  private async schrijfBatch(deel: BatchDeel, gemeente: GemeenteCode, vanaf: number, tot: number): Promise<'geschreven' | 'verschoven' | 'mislukt'> {
    const { projecties } = deel;
    // Always the same lock order, whoever writes which group.
    const namen = projecties.map((projectie) => projectie.naam).sort();
    const runner = this.dataSource.createQueryRunner();
    // Five round trips per batch (begin, checkpoints, rows, checkpoints, commit): with one batch per small
    // gemeente a rebuild is as much round trips as rows, so statements that can go together do.
    let inTransactie = false;
    try {
      // A projection whose rows could not be made fails like one whose rows could not be written.
      if ('fout' in deel) throw deel.fout;
      await runner.connect();
      // Without parameters this is one simple-protocol message with two statements.
      await runner.query(`START TRANSACTION ISOLATION LEVEL READ COMMITTED${this.opties.zonderWachtenOpSchijf ? '; SET LOCAL synchronous_commit = off' : ''}`);
      inTransactie = true;
      // Creates the checkpoint rows if needed and locks them (a DO UPDATE locks like SELECT … FOR UPDATE
      // and returns the latest committed positie, also after waiting for another writer).
      const huidig = (await runner.query(
        `INSERT INTO ${this.schema}.checkpoints (projectie, gemeente, positie) SELECT projectie, $2, 0 FROM unnest($1::text[]) AS p (projectie)
         ON CONFLICT (projectie, gemeente) DO UPDATE SET positie = ${this.schema}.checkpoints.positie RETURNING positie`,
        [namen, gemeente],
      )) as { positie: string }[];
      if (huidig.some((rij) => Number(rij.positie) !== vanaf)) {
        // Someone else moved a checkpoint (a rebuild swapped schemas): fold again from where it is.
        await runner.query('ROLLBACK');
        inTransactie = false;
        this.cache.delete(gemeente);
        return 'verschoven';
      }
      // One statement for every table the projections touched (opslag/sql.ts).
      await voerUit(runner, deel.stappen);
      // Also clears a failure recorded before a restart, which this process's memory does not know of.
      await runner.query(
        `WITH hersteld AS (DELETE FROM ${this.schema}.storingen WHERE projectie = ANY($1::text[]) AND gemeente = $2)
         UPDATE ${this.schema}.checkpoints SET positie = $3, bijgewerkt_op = now() WHERE projectie = ANY($1::text[]) AND gemeente = $2`,
        [namen, gemeente, tot],
      );
      await runner.query('COMMIT');
      inTransactie = false;
      for (const naam of namen) {
        if (this.storingen.delete(`${naam}|${gemeente}`)) this.logger.log(`projectie ${naam} van ${gemeente} loopt weer (positie ${tot})`);
      }
      return 'geschreven';
    } catch (error) {
      if (inTransactie) await runner.query('ROLLBACK').catch(() => undefined);
      // A group's failure is not recorded: its projections are written one by one next, and the one at fault is.
      if (projecties.length === 1) await this.meldStoring(projecties[0], gemeente, vanaf, error);
      return 'mislukt';
    } finally {
      await runner.release();
    }
  }

  private async meldStoring(projectie: Projectie, gemeente: GemeenteCode, positie: number, error: unknown): Promise<void> {
    const sleutel = `${projectie.naam}|${gemeente}`;
    const pogingen = (this.storingen.get(sleutel)?.pogingen ?? 0) + 1;
    const pauzeMs = Math.min((this.opties.storingPauzeMinMs ?? STORING_PAUZE_MIN_MS) * 2 ** (pogingen - 1), STORING_PAUZE_MAX_MS);
    this.storingen.set(sleutel, { pogingen, volgendePogingMs: Date.now() + pauzeMs });
    const reden = error instanceof Error ? error.message : String(error);
    this.logger.error(`projectie ${projectie.naam} van ${gemeente} gestopt na positie ${positie}: ${reden}; nieuwe poging over ${pauzeMs} ms`);
    await this.dataSource
      .query(
        `INSERT INTO ${this.schema}.storingen (projectie, gemeente, positie, reden) VALUES ($1, $2, $3, $4)
         ON CONFLICT (projectie, gemeente) DO UPDATE SET positie = EXCLUDED.positie, reden = EXCLUDED.reden`,
        [projectie.naam, gemeente, positie, reden],
      )
      .catch(() => undefined);
  }
}
