import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import type { Grootboek } from '../../../projections/grootboek.fold';
import { laadGrootboek } from '../../../projections/grootboek.projector';
import { type HerbouwResultaat, herbouwProjecties, HerbouwBezigError } from '../../../projections/herbouw';
import type { HistorieItem } from '../../../projections/historie/historie.fold';
import { type GeladenHistorie, itemsVan, laadHistorie } from '../../../projections/historie/historie.projector';
import { LEESMODEL_SCHEMA } from '../../../projections/opslag/sql';
import { GROOTBOEK_PROJECTIE, HISTORIE_PROJECTIE, ProjectieRunner } from '../../../projections/runner';
import type { GemeenteCode } from '../../domain/shared/begrippen';
import { conflict } from '../../domain/shared/domain-error';
import { EVENT_STORE, type EventStore, type LogCheckpoint } from '../../event-store/event-store.port';
import { PostgresEventStore } from '../../event-store/postgres-event-store';
import { VerseLezing } from '../../shared/verse-lezing';
import { gedeeld, LruCache } from '../../shared/lru-cache';

/** Advisory lock key of the projection leader ("projectie" in spirit): one projecting instance at a time. */
const LEIDER_LOCK_KEY = 0x70726f6a;
/** How often the leader looks for events written by other instances. */
const POLL_INTERVAL_MS = 250;
/** Events the leader reads from the global log per round, and rounds per poll (then the next poll goes on). */
const VOLG_EVENTS_PER_RONDE = 1000;
const MAX_VOLG_RONDES = 100;
const LEIDER_RETRY_MS = 2000;
/** A read waits at most this long for the read model to reach the head; after that the on-demand fold answers. */
const LEES_WACHTTIJD_MS = 2000;
const LEES_POLL_MS = 20;
/** Loaded read-model states kept in memory (one per gemeente, year and checkpoint). */
const GELADEN_CACHE_ENTRIES = 32;

export const PROJECTIE_OPTIES = Symbol('ProjectieOpties');
export interface ProjectieOpties {
  /** Run the background catch-up loop (on by default; reads catch up on their own either way). */
  achtergrond: boolean;
  batchSizeEvents?: number;
}

/**
 * The live read models for the service: a leader loop that keeps them current, reads that see every
 * write acknowledged before them, and the rebuild. Reads catch the read model up inline when this
 * instance is the leader; another instance waits for the leader's checkpoint.
 */
@Injectable()
export class ProjectiesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projecties');
  private readonly verseCheckpoints = new VerseLezing<string, number | null>();
  private readonly runner: ProjectieRunner;
  private leiderVerbinding: QueryRunner | null = null;
  private gestopt = false;
  private lus: Promise<void> | null = null;
  private wekker: (() => void) | null = null;
  private laatstePogingMs = 0;
  /** Per gemeente the log position the leader followed up to; null: not yet, or again after a rebuild. */
  private gevolgd: LogCheckpoint | null = null;
  private readonly geladen = new LruCache<string, Promise<Grootboek>>(GELADEN_CACHE_ENTRIES);
  private readonly historieGeladen = new LruCache<string, Promise<GeladenHistorie>>(GELADEN_CACHE_ENTRIES);
  /** Per gemeente and subjects, the history loaded furthest: where the next checkpoint's load goes on from. */
  private readonly laatsteHistorie = new LruCache<string, GeladenHistorie>(GELADEN_CACHE_ENTRIES);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTIE_OPTIES) private readonly opties: ProjectieOpties,
  ) {
    this.runner = new ProjectieRunner(dataSource, store, { schema: LEESMODEL_SCHEMA, logger: this.logger, batchSizeEvents: opties.batchSizeEvents });
  }

  onApplicationBootstrap(): void {
    if (this.opties.achtergrond) this.lus = this.draai();
  }

  async onApplicationShutdown(): Promise<void> {
    this.gestopt = true;
    this.runner.onderbreek();
    this.wekker?.();
    await this.lus;
    await this.geefLeiderschapOp();
  }

  get isLeider(): boolean {
    return this.leiderVerbinding !== null;
  }

  /**
   * The grootboek of a gemeente from the read model, at least as far as the head at the time of the
   * call; null when the read model cannot get there in time (the caller folds on demand instead).
   */
  async grootboek(gemeente: GemeenteCode, jaar?: number): Promise<Grootboek | null> {
    const checkpoint = await this.bijgewerkt(GROOTBOEK_PROJECTIE.naam, gemeente);
    if (checkpoint === null) return null;
    // The rows at a checkpoint never change (a rebuild gives the same rows), so the state is cached by it.
    const sleutel = `${gemeente}|${jaar ?? '*'}|${checkpoint}`;
    return gedeeld(this.geladen, sleutel, () => laadGrootboek(this.dataSource, LEESMODEL_SCHEMA, gemeente, { jaar }));
  }

  /** History items of the given subjects from the history read model, or null when it is behind. */
  async historie(gemeente: GemeenteCode, onderwerpen: string[]): Promise<Map<string, HistorieItem<unknown>[]> | null> {
    const checkpoint = await this.bijgewerkt(HISTORIE_PROJECTIE.naam, gemeente);
    if (checkpoint === null) return null;
    // Items up to a checkpoint never change (a rebuild gives the same), so they are shared per checkpoint,
    // and a later checkpoint goes on from the furthest load of the same subjects: a reserve's history
    // folds all of its events (≈ 0.3 s for 2,500), and after each write only the new ones need folding.
    const sleutel = `${gemeente}|${onderwerpen.join(',')}`;
    const geladen = await gedeeld(this.historieGeladen, `${sleutel}|${checkpoint}`, async () => {
      const eerder = this.laatsteHistorie.get(sleutel);
      const nieuw = await laadHistorie(this.dataSource, LEESMODEL_SCHEMA, this.store, gemeente, onderwerpen, checkpoint, eerder && eerder.totPositie < checkpoint ? eerder : null);
      if ((this.laatsteHistorie.get(sleutel)?.totPositie ?? -1) < nieuw.totPositie) this.laatsteHistorie.set(sleutel, nieuw);
      return nieuw;
    });
    return itemsVan(geladen, onderwerpen);
  }

  async herbouw(): Promise<HerbouwResultaat> {
    try {
      const resultaat = await herbouwProjecties(this.dataSource, this.store, { logger: this.logger, naWissel: () => this.vergeetNaWissel() });
      this.logger.log(`herbouw klaar: ${resultaat.events} events van ${resultaat.gemeenten} gemeenten in ${resultaat.duurMs} ms`);
      return resultaat;
    } catch (error) {
      if (error instanceof HerbouwBezigError) throw conflict('PROJECTIES.HERBOUW_BEZIG', 'Er loopt al een herbouw van de projecties; probeer het straks opnieuw.');
      throw error;
    }
  }

  /** After a schema swap the rows at a checkpoint are the rebuilt ones: forget every state taken from the old. */
  private vergeetNaWissel(): void {
    this.runner.vergeetToestand();
    this.gevolgd = null;
    this.geladen.clear();
    this.historieGeladen.clear();
    this.laatsteHistorie.clear();
  }

  /**
   * The projection's checkpoint once it reached the gemeente's head of now; null when it did not in time.
   * Concurrent readers share a lookup that started after they asked (VerseLezing): still their own writes.
   */
  private bijgewerkt(projectie: string, gemeente: GemeenteCode): Promise<number | null> {
    return this.verseCheckpoints.lees(`${projectie}|${gemeente}`, () => this.werkBijTotKop(projectie, gemeente));
  }

  private async werkBijTotKop(projectie: string, gemeente: GemeenteCode): Promise<number | null> {
    // The common case, a read model already at the head, costs one round trip (before: three queries
    // one after another, head, the catch-up's checkpoints, checkpoints again). The head and the
    // checkpoint are both read after the caller asked, so a checkpoint at or past that head holds
    // every write acknowledged before the request, whichever instance took it.
    const { kop, checkpoint } = await this.kopEnCheckpoint(projectie, gemeente);
    if (checkpoint >= kop && !this.runner.inStoring(projectie, gemeente)) return checkpoint;
    // Without a leader (the loop is off, or the leader went away) the first reader takes over.
    if (!this.isLeider && !this.gestopt && Date.now() - this.laatstePogingMs >= LEIDER_RETRY_MS) await this.probeerLeiderTeWorden();
    if (this.isLeider) {
      await this.runner.werkBij(gemeente, kop);
      if (this.runner.inStoring(projectie, gemeente)) return null;
      const checkpoint = (await this.runner.checkpoints(gemeente))[projectie];
      return checkpoint >= kop ? checkpoint : null;
    }
    const deadline = Date.now() + LEES_WACHTTIJD_MS;
    for (;;) {
      const checkpoint = (await this.runner.checkpoints(gemeente))[projectie];
      if (checkpoint >= kop) return checkpoint;
      if (Date.now() >= deadline) {
        this.logger.warn(`projectie ${projectie} van ${gemeente} staat op ${checkpoint}, kop ${kop}: antwoord uit de events`);
        return null;
      }
      await new Promise((resolve) => setTimeout(resolve, LEES_POLL_MS));
    }
  }

  /**
   * The gemeente's head and the projection's checkpoint (0 before the first event or batch). With the
   * PostgreSQL event store both rows are in this database and come in one statement: under load these
   * lookups run back to back (VerseLezing), so each statement saved is one less for PostgreSQL, which
   * shares the machine's cores with the service. Not prepared: a rebuild swaps the read-model schema
   * underneath, and a plain statement resolves `leesmodel.checkpoints` anew each time.
   */
  private async kopEnCheckpoint(projectie: string, gemeente: GemeenteCode): Promise<{ kop: number; checkpoint: number }> {
    if (this.store instanceof PostgresEventStore) {
      const [rij] = (await this.dataSource.query(
        `SELECT (SELECT positie FROM gemeente_logs WHERE gemeente = $1) AS kop,
                (SELECT positie FROM ${LEESMODEL_SCHEMA}.checkpoints WHERE gemeente = $1 AND projectie = $2) AS checkpoint`,
        [gemeente, projectie],
      )) as { kop: string | null; checkpoint: string | null }[];
      return { kop: Number(rij.kop ?? 0), checkpoint: Number(rij.checkpoint ?? 0) };
    }
    const [kop, checkpoints] = await Promise.all([this.store.head(gemeente), this.runner.checkpoints(gemeente)]);
    return { kop: kop?.positie ?? 0, checkpoint: checkpoints[projectie] };
  }

  private async draai(): Promise<void> {
    while (!this.gestopt) {
      try {
        if (this.isLeider) await this.leiderVerbinding?.query('SELECT 1');
        else await this.probeerLeiderTeWorden();
        if (this.isLeider) await this.volgLog();
      } catch (error) {
        this.logger.error(`projecties bijwerken mislukt: ${error instanceof Error ? error.message : String(error)}`);
        await this.geefLeiderschapOp();
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.isLeider ? POLL_INTERVAL_MS : LEIDER_RETRY_MS);
        this.wekker = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wekker = null;
    }
  }

  /**
   * The leader's round: the events after the last position it followed, read from the store's global
   * log (`readAll`: `$all` on KurrentDB), and a catch-up of every gemeente that has some. A quiet ledger
   * costs one read per round, not a checkpoint query per gemeente. The first round, and the first after
   * a rebuild swapped the read models, catches up every gemeente from its checkpoints and starts following
   * at the heads it caught up to.
   */
  private async volgLog(): Promise<void> {
    if (this.gevolgd === null) {
      const koppen = await this.store.heads();
      await this.runner.werkAllesBij();
      this.gevolgd = Object.fromEntries(koppen.map((kop) => [kop.gemeente, kop.positie]));
    }
    // Bounded: each round reads at most VOLG_EVENTS_PER_RONDE and stops when nothing new comes.
    for (let ronde = 0; ronde < MAX_VOLG_RONDES && !this.gestopt; ronde++) {
      const { events, checkpoint } = await this.store.readAll(this.gevolgd, VOLG_EVENTS_PER_RONDE);
      if (events.length === 0) break;
      for (const gemeente of new Set(events.map((event) => event.gemeente))) await this.runner.werkBij(gemeente, checkpoint[gemeente]);
      // Followed past these events also where a projection failed on them: offering them again would let
      // one stuck gemeente fill every round and starve the others. Its retry comes below.
      this.gevolgd = checkpoint;
    }
    // A projection in failure is retried once its pause is over (the runner skips it before), from its
    // own checkpoint, whether or not new events came.
    for (const gemeente of this.runner.gemeentenInStoring()) if (!this.gestopt) await this.runner.werkBij(gemeente);
  }

  private async probeerLeiderTeWorden(): Promise<void> {
    this.laatstePogingMs = Date.now();
    const verbinding = this.dataSource.createQueryRunner();
    let verkregen = false;
    try {
      await verbinding.connect();
      [{ verkregen }] = (await verbinding.query(`SELECT pg_try_advisory_lock($1) AS verkregen`, [LEIDER_LOCK_KEY])) as { verkregen: boolean }[];
    } catch (error) {
      await verbinding.release().catch(() => undefined);
      throw error;
    }
    if (verkregen) {
      this.leiderVerbinding = verbinding;
      this.logger.log('deze instantie projecteert (leider)');
    } else {
      await verbinding.release();
    }
  }

  private async geefLeiderschapOp(): Promise<void> {
    const verbinding = this.leiderVerbinding;
    this.leiderVerbinding = null;
    // Another instance may lead meanwhile; if this one leads again, it starts from the checkpoints.
    this.gevolgd = null;
    if (!verbinding) return;
    await verbinding.query(`SELECT pg_advisory_unlock($1)`, [LEIDER_LOCK_KEY]).catch(() => undefined);
    await verbinding.release().catch(() => undefined);
  }
}
