import type { DataSource } from 'typeorm';
import { BedragenZonderNullagen1763942400000 } from '../../migrations/1763942400000-BedragenZonderNullagen';
import { HistorieInBlokken1763942500000 } from '../../migrations/1763942500000-HistorieInBlokken';
import { HistorieAlsPosities1764000000000 } from '../../migrations/1764000000000-HistorieAlsPosities';
import { BedragenPerDoel1764000100000 } from '../../migrations/1764000100000-BedragenPerDoel';
import { DoelenMetBedragen1764000200000 } from '../../migrations/1764000200000-DoelenMetBedragen';
import { herbouwProjecties } from '../../projections/herbouw';
import { alleHistorieItems, type HistorieItem } from '../../projections/historie/historie.fold';
import { itemsVan, laadHistorie } from '../../projections/historie/historie.projector';
import { LEESMODEL_SCHEMA } from '../../projections/opslag/sql';
import { ProjectieRunner } from '../../projections/runner';
import { openDatabase } from '../../src/database/data-source';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store';
import { createTestDatabase } from '../support/database';
import { dumpLeesmodel } from '../support/leesmodel-dump';
import { langeHistorie, leesLog, schrijfGepland } from '../support/ledger-schrijver';
import { freshGemeente } from '../support/test-app';

/** How the read models store what they hold: history as positions of events, a doel's amounts in one row without zero lagen. */
describe('opslag van de leesmodellen', () => {
  let dataSource: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    dataSource = await openDatabase((await createTestDatabase()).url);
    store = new PostgresEventStore(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  const telling = async (sql: string, gemeente: string): Promise<number> => ((await dataSource.query(sql, [gemeente])) as { n: number }[])[0].n;

  it('given a history projected in batches of 10 events, when a subject history is loaded, then it holds the on-demand fold items, one position per item in fewer rows than items, and up to an earlier checkpoint only the items up to it', async () => {
    // given
    const gemeente = freshGemeente();
    await schrijfGepland(store, gemeente, langeHistorie(gemeente, 60));
    await new ProjectieRunner(dataSource, store, { schema: LEESMODEL_SCHEMA, batchSizeEvents: 10 }).werkBij(gemeente);
    const events = await leesLog(store, gemeente);
    const verwacht = alleHistorieItems(events);
    const onderwerpen = [...verwacht.keys()];

    // when
    const geladen = itemsVan(await laadHistorie(dataSource, LEESMODEL_SCHEMA, store, gemeente, onderwerpen, events.length), onderwerpen);
    const eerder = itemsVan(await laadHistorie(dataSource, LEESMODEL_SCHEMA, store, gemeente, onderwerpen, 30), onderwerpen);

    // then
    expect(geladen).toEqual(verwacht);
    const items = [...verwacht.values()].reduce((som, lijst) => som + lijst.length, 0);
    const rijen = await telling(`SELECT count(*)::int AS n FROM leesmodel.historie_posities WHERE gemeente = $1`, gemeente);
    expect(rijen).toBeLessThan(items);
    expect(await telling(`SELECT sum(cardinality(posities))::int AS n FROM leesmodel.historie_posities WHERE gemeente = $1`, gemeente)).toBe(items);
    const totDertig = alleHistorieItems(events.slice(0, 30));
    for (const onderwerp of onderwerpen) expect(eerder.get(onderwerp)).toEqual(totDertig.get(onderwerp) ?? []);

    // and when a load up to 30 is continued to the end, it equals the load of the whole
    const verder = await laadHistorie(dataSource, LEESMODEL_SCHEMA, store, gemeente, onderwerpen, events.length,
      await laadHistorie(dataSource, LEESMODEL_SCHEMA, store, gemeente, onderwerpen, 30));
    expect(itemsVan(verder, onderwerpen)).toEqual(geladen);
  });

  it('given read models in the layout before the last five migrations, when the migrations run again, then the read models equal a rebuild', async () => {
    // given: projected, then the migrations undone: doelen and their amounts in two tables, a bedragen row per laag, history items in blocks as
    // the older runner wrote them (in batches of 7), then one history row per item, and four bedragen
    // rows per doel
    const gemeente = freshGemeente();
    await schrijfGepland(store, gemeente, langeHistorie(gemeente, 40));
    await new ProjectieRunner(dataSource, store, { schema: LEESMODEL_SCHEMA, batchSizeEvents: 7 }).werkBij(gemeente);
    const events = await leesLog(store, gemeente);
    const items = alleHistorieItems(events);
    const aantalItems = [...items.values()].reduce((som, lijst) => som + lijst.length, 0);
    const runner = dataSource.createQueryRunner();
    let geboekteDoelen = 0;
    let doelen = 0;
    try {
      doelen = await telling(`SELECT count(*)::int AS n FROM leesmodel.doelen WHERE gemeente = $1`, gemeente);
      await new DoelenMetBedragen1764000200000().down(runner);
      expect(await telling(`SELECT count(*)::int AS n FROM leesmodel.doel_bedragen WHERE gemeente = $1`, gemeente)).toBeGreaterThan(0);
      await new BedragenPerDoel1764000100000().down(runner);
      geboekteDoelen = await telling(`SELECT count(*)::int AS n FROM (SELECT DISTINCT jaar, doel FROM leesmodel.bedragen WHERE gemeente = $1) d`, gemeente);
      expect(await telling(`SELECT count(*)::int AS n FROM leesmodel.bedragen WHERE gemeente = $1`, gemeente)).toBeGreaterThan(geboekteDoelen);
      await new HistorieAlsPosities1764000000000().down(runner);
      expect(await telling(`SELECT count(*)::int AS n FROM leesmodel.checkpoints WHERE projectie = 'historie' AND gemeente = $1`, gemeente)).toBe(0);
      await schrijfBlokkenZoalsVoorheen(gemeente, items, 7, events.length);
      await new HistorieInBlokken1763942500000().down(runner);
      await new BedragenZonderNullagen1763942400000().down(runner);
      expect(await telling(`SELECT count(*)::int AS n FROM leesmodel.historie WHERE gemeente = $1`, gemeente)).toBe(aantalItems);
      expect(await telling(`SELECT count(*)::int AS n FROM leesmodel.bedragen WHERE gemeente = $1`, gemeente)).toBe(
        4 * (await telling(`SELECT count(*)::int AS n FROM (SELECT DISTINCT jaar, doel FROM leesmodel.bedragen WHERE gemeente = $1) d`, gemeente)),
      );

      // when
      await new BedragenZonderNullagen1763942400000().up(runner);
      await new HistorieInBlokken1763942500000().up(runner);
      await new HistorieAlsPosities1764000000000().up(runner);
      await new BedragenPerDoel1764000100000().up(runner);
      await new DoelenMetBedragen1764000200000().up(runner);
    } finally {
      await runner.release();
    }

    // then
    const gemigreerd = await dumpLeesmodel(dataSource, gemeente);
    expect(gemigreerd.doelen).toHaveLength(doelen);
    expect((gemigreerd.doelen as Record<string, unknown>[]).filter((rij) => [rij.vastgestelde_begroting, rij.mutaties_projecten, rij.begrotingswijzigingen, rij.jaarrekening].some((laag) => laag !== null))).toHaveLength(geboekteDoelen);
    expect(gemigreerd.historie_posities).toHaveLength(aantalItems);
    await herbouwProjecties(dataSource, store);
    expect(await dumpLeesmodel(dataSource, gemeente)).toEqual(gemigreerd);
    // The rebuild wrote without autovacuum; the swapped-in tables have it back (no table options left).
    expect(await dataSource.query(`SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'leesmodel' AND c.relkind = 'r' AND c.reloptions IS NOT NULL`)).toEqual([]);
  });

  /** The history as the runner before migration 1764000000000 stored it: the items, a block per subject and batch. */
  async function schrijfBlokkenZoalsVoorheen(gemeente: string, items: Map<string, HistorieItem<unknown>[]>, batch: number, kop: number): Promise<void> {
    for (const [onderwerp, lijst] of items) {
      const perBatch = new Map<number, HistorieItem<unknown>[]>();
      for (const item of lijst) perBatch.set(Math.floor((item.positie - 1) / batch), [...(perBatch.get(Math.floor((item.positie - 1) / batch)) ?? []), item]);
      for (const blok of perBatch.values()) {
        await dataSource.query(`INSERT INTO leesmodel.historie_blokken (gemeente, onderwerp, van_positie, tot_positie, items) VALUES ($1, $2, $3, $4, $5::jsonb)`, [
          gemeente, onderwerp, blok[0].positie, blok[blok.length - 1].positie, JSON.stringify(blok),
        ]);
      }
    }
    await dataSource.query(`INSERT INTO leesmodel.checkpoints (projectie, gemeente, positie) VALUES ('historie', $1, $2)`, [gemeente, kop]);
  }
});
