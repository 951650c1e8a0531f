import type { DataSource } from 'typeorm';
import { BedragenZonderNullagen1763942400000 } from '../../migrations/1763942400000-BedragenZonderNullagen';
import { HistorieInBlokken1763942500000 } from '../../migrations/1763942500000-HistorieInBlokken';
import { herbouwProjecties } from '../../projections/herbouw';
import { alleHistorieItems } from '../../projections/historie/historie.fold';
import { laadHistorie } from '../../projections/historie/historie.projector';
import { LEESMODEL_SCHEMA } from '../../projections/opslag/sql';
import { ProjectieRunner } from '../../projections/runner';
import { openDatabase } from '../../src/database/data-source';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store';
import { createTestDatabase } from '../support/database';
import { dumpLeesmodel } from '../support/leesmodel-dump';
import { langeHistorie, leesLog, schrijfGepland } from '../support/ledger-schrijver';
import { freshGemeente } from '../support/test-app';

/** How the read models store what they hold: history blocks and bedragen without zero lagen. */
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

  it('given a history projected in batches of 10 events, when a subject history is loaded, then it holds the on-demand fold items in fewer rows than items, and up to an earlier checkpoint only the items up to it', async () => {
    // given
    const gemeente = freshGemeente();
    await schrijfGepland(store, gemeente, langeHistorie(gemeente, 60));
    await new ProjectieRunner(dataSource, store, { schema: LEESMODEL_SCHEMA, batchSizeEvents: 10 }).werkBij(gemeente);
    const events = await leesLog(store, gemeente);
    const verwacht = alleHistorieItems(events);
    const onderwerpen = [...verwacht.keys()];

    // when
    const geladen = await laadHistorie(dataSource, LEESMODEL_SCHEMA, gemeente, onderwerpen, events.length);
    const eerder = await laadHistorie(dataSource, LEESMODEL_SCHEMA, gemeente, onderwerpen, 30);

    // then
    expect(geladen).toEqual(verwacht);
    const items = [...verwacht.values()].reduce((som, lijst) => som + lijst.length, 0);
    const blokken = await telling(`SELECT count(*)::int AS n FROM leesmodel.historie_blokken WHERE gemeente = $1`, gemeente);
    expect(blokken).toBeLessThan(items);
    const totDertig = alleHistorieItems(events.slice(0, 30));
    for (const onderwerp of onderwerpen) expect(eerder.get(onderwerp)).toEqual(totDertig.get(onderwerp) ?? []);
  });

  it('given read models in the layout before the two migrations, when the migrations run again, then the read models equal a rebuild', async () => {
    // given: projected, then both migrations undone (one history row per item, four bedragen rows per doel)
    const gemeente = freshGemeente();
    await schrijfGepland(store, gemeente, langeHistorie(gemeente, 40));
    await new ProjectieRunner(dataSource, store, { schema: LEESMODEL_SCHEMA, batchSizeEvents: 7 }).werkBij(gemeente);
    const runner = dataSource.createQueryRunner();
    try {
      await new HistorieInBlokken1763942500000().down(runner);
      await new BedragenZonderNullagen1763942400000().down(runner);
      const items = alleHistorieItems(await leesLog(store, gemeente));
      expect(await telling(`SELECT count(*)::int AS n FROM leesmodel.historie WHERE gemeente = $1`, gemeente)).toBe([...items.values()].reduce((som, lijst) => som + lijst.length, 0));
      expect(await telling(`SELECT count(*)::int AS n FROM leesmodel.bedragen WHERE gemeente = $1`, gemeente)).toBe(
        4 * (await telling(`SELECT count(*)::int AS n FROM (SELECT DISTINCT jaar, doel FROM leesmodel.bedragen WHERE gemeente = $1) d`, gemeente)),
      );

      // when
      await new BedragenZonderNullagen1763942400000().up(runner);
      await new HistorieInBlokken1763942500000().up(runner);
    } finally {
      await runner.release();
    }

    // then
    const gemigreerd = await dumpLeesmodel(dataSource, gemeente);
    expect(gemigreerd.bedragen.length).toBeLessThan(4 * gemigreerd.doelen.length);
    await herbouwProjecties(dataSource, store);
    expect(await dumpLeesmodel(dataSource, gemeente)).toEqual(gemigreerd);
  });
});
