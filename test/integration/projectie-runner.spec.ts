import type { DataSource } from 'typeorm';
import { herbouwProjecties } from '../../projections/herbouw';
import type { OnderwerpVerwijzing } from '../../projections/historie/historie.fold';
import { LEESMODEL_SCHEMA } from '../../projections/opslag/sql';
import { GROOTBOEK_PROJECTIE, HISTORIE_PROJECTIE, type Projectie, ProjectieRunner } from '../../projections/runner';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store';
import { ProjectiesService } from '../../src/modules/projecties/projecties.service';
import { createTestDatabase } from '../support/database';
import { dumpLeesmodel } from '../support/leesmodel-dump';
import { langeHistorie, schrijfGepland } from '../support/ledger-schrijver';
import { freshGemeente, startTestApp, type TestApp } from '../support/test-app';
import { openDatabase } from '../../src/database/data-source';

/** Bounded wait on a condition in the database (never a fixed sleep). */
async function wachtTot(voorwaarde: () => Promise<boolean>, pogingen = 500): Promise<void> {
  for (let poging = 0; poging < pogingen; poging++) {
    if (await voorwaarde()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('de voorwaarde werd niet bereikt');
}

/** Bounded wait on something in this process (the service's own state), polled every 20 ms for at most `ms`. */
async function wachtOpDienst(voorwaarde: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!voorwaarde()) {
    if (Date.now() > deadline) throw new Error('de dienst bereikte de voorwaarde niet');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function checkpoint(dataSource: DataSource, projectie: string, gemeente: string): Promise<number> {
  const rijen = (await dataSource.query(`SELECT positie FROM leesmodel.checkpoints WHERE projectie = $1 AND gemeente = $2`, [projectie, gemeente])) as { positie: string }[];
  return rijen.length === 0 ? 0 : Number(rijen[0].positie);
}

describe('de projectierunner', () => {
  let url: string;
  let dataSource: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    ({ url } = await createTestDatabase());
    dataSource = await openDatabase(url);
    store = new PostgresEventStore(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  it('given a projection that fails on an event, when the runner catches up, then the other projection reaches the head, the failure is recorded, and after the fix it resumes and equals a rebuild', async () => {
    // given
    const gemeente = freshGemeente();
    await schrijfGepland(store, gemeente, langeHistorie(gemeente, 40));
    const kop = (await store.head(gemeente))?.positie ?? 0;
    let kapot = true;
    const wankel: Projectie<OnderwerpVerwijzing> = {
      ...HISTORIE_PROJECTIE,
      rijen: (gm, batch) => {
        if (kapot && batch.events.some((event) => event.type === 'ProjectmutatieGeboekt')) throw new Error('kapotte projector');
        return HISTORIE_PROJECTIE.rijen(gm, batch);
      },
    };
    const runner = new ProjectieRunner(dataSource, store, { schema: LEESMODEL_SCHEMA, projecties: [GROOTBOEK_PROJECTIE, wankel as Projectie], batchSizeEvents: 5, storingPauzeMinMs: 0 });

    // when
    await runner.werkBij(gemeente);

    // then: grootboek at the head, historie stopped before the failing batch, the failure on record
    expect(await checkpoint(dataSource, 'grootboek', gemeente)).toBe(kop);
    const gestopt = await checkpoint(dataSource, 'historie', gemeente);
    expect(gestopt).toBeLessThan(kop);
    expect(runner.inStoring('historie', gemeente)).toBe(true);
    const [storing] = (await dataSource.query(`SELECT positie, reden FROM leesmodel.storingen WHERE projectie = 'historie' AND gemeente = $1`, [gemeente])) as { positie: string; reden: string }[];
    expect({ positie: Number(storing.positie), reden: storing.reden }).toEqual({ positie: gestopt, reden: 'kapotte projector' });

    // when the fault is fixed
    kapot = false;
    await runner.werkBij(gemeente);

    // then
    expect(await checkpoint(dataSource, 'historie', gemeente)).toBe(kop);
    expect(runner.inStoring('historie', gemeente)).toBe(false);
    expect(await dataSource.query(`SELECT 1 FROM leesmodel.storingen WHERE gemeente = $1`, [gemeente])).toHaveLength(0);
    const hersteld = await dumpLeesmodel(dataSource, gemeente);
    await herbouwProjecties(dataSource, store);
    expect(await dumpLeesmodel(dataSource, gemeente)).toEqual(hersteld);
  });

  it('given a runner that crashes after three batches, when a fresh runner starts, then it resumes from the checkpoint and the read models equal a rebuild', async () => {
    // given
    const gemeente = freshGemeente();
    await schrijfGepland(store, gemeente, langeHistorie(gemeente, 120));
    let batches = 0;
    const crashend = new ProjectieRunner(dataSource, store, {
      schema: LEESMODEL_SCHEMA,
      batchSizeEvents: 10,
      voortgang: () => {
        batches += 1;
        if (batches === 3) throw new Error('crash');
      },
    });
    await expect(crashend.werkBij(gemeente)).rejects.toThrow('crash');
    const halverwege = await checkpoint(dataSource, 'grootboek', gemeente);
    expect(halverwege).toBe(30);

    // when
    await new ProjectieRunner(dataSource, store, { schema: LEESMODEL_SCHEMA, batchSizeEvents: 7 }).werkBij(gemeente);

    // then
    const voortgezet = await dumpLeesmodel(dataSource, gemeente);
    await herbouwProjecties(dataSource, store);
    expect(await dumpLeesmodel(dataSource, gemeente)).toEqual(voortgezet);
    expect(await checkpoint(dataSource, 'grootboek', gemeente)).toBe((await store.head(gemeente))?.positie);
  });

  describe('in the service', () => {
    let apps: TestApp[] = [];
    afterEach(async () => {
      for (const app of apps) await app.close();
      apps = [];
    });

    it('given a long history being projected, when the service stops halfway and starts again, then the read models end equal to a rebuild', async () => {
      // given: a long log and a service that projects it in small batches
      const gemeente = freshGemeente();
      await schrijfGepland(store, gemeente, langeHistorie(gemeente, 1500));
      const kop = (await store.head(gemeente))?.positie ?? 0;
      const eerste = await startTestApp({ url, projecties: { achtergrond: true, batchSizeEvents: 25 } });
      await wachtTot(async () => (await checkpoint(dataSource, 'grootboek', gemeente)) > 0, 100_000);

      // when: it stops in the middle, and a new instance starts on the same database
      await eerste.close();
      const bijStop = await checkpoint(dataSource, 'grootboek', gemeente);
      expect(bijStop).toBeGreaterThan(0);
      expect(bijStop).toBeLessThan(kop);
      const tweede = await startTestApp({ url, projecties: { achtergrond: true, batchSizeEvents: 25 } });
      apps.push(tweede);
      await wachtTot(async () => (await checkpoint(dataSource, 'historie', gemeente)) === kop && (await checkpoint(dataSource, 'grootboek', gemeente)) === kop, 100_000);

      // then
      const naHerstart = await dumpLeesmodel(dataSource, gemeente);
      await herbouwProjecties(dataSource, store);
      expect(await dumpLeesmodel(dataSource, gemeente)).toEqual(naHerstart);
    });

    it('given a leader following the log, when another writer appends, then it projects the events without being asked, and a quiet round reads the global log instead of a checkpoint per gemeente', async () => {
      // given: a leader that has caught up with every gemeente in the database
      const app = await startTestApp({ url, projecties: { achtergrond: true } });
      apps.push(app);
      await wachtOpDienst(() => app.app.get(ProjectiesService).isLeider);
      const appStore = app.app.get<EventStore>(EVENT_STORE);
      const readAll = jest.spyOn(appStore, 'readAll');

      // when: another writer (this test's own store) appends to a new gemeente
      const gemeente = freshGemeente();
      await schrijfGepland(store, gemeente, langeHistorie(gemeente, 30));
      const kop = (await store.head(gemeente))?.positie ?? 0;

      // then: both projections reach the head with no request to the service
      await wachtTot(async () => (await checkpoint(dataSource, 'grootboek', gemeente)) === kop && (await checkpoint(dataSource, 'historie', gemeente)) === kop, 100_000);
      expect(readAll).toHaveBeenCalled();

      // when: nothing more is written (and the round that projected them has ended: a later one started)
      const gezien = readAll.mock.calls.length;
      await wachtOpDienst(() => readAll.mock.calls.length > gezien);
      const perGemeente = jest.spyOn(ProjectieRunner.prototype, 'checkpoints');
      const rondes = readAll.mock.calls.length;
      await wachtOpDienst(() => readAll.mock.calls.length >= rondes + 3);

      // then: three rounds, none of which looked at a gemeente's checkpoints
      expect(perGemeente).not.toHaveBeenCalled();
      perGemeente.mockRestore();
    });

    it('given a gemeente whose history projection fails on a backlog longer than a round, when another gemeente gets events, then the leader still projects those', async () => {
      // given: a leader following the log, and a database that refuses GM0101's history rows
      const app = await startTestApp({ url, projecties: { achtergrond: true } });
      apps.push(app);
      const readAll = jest.spyOn(app.app.get<EventStore>(EVENT_STORE), 'readAll');
      await wachtOpDienst(() => readAll.mock.calls.length > 0);
      await dataSource.query(`CREATE FUNCTION weiger_historie_gm0101() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.gemeente = 'GM0101' THEN RAISE EXCEPTION 'historie van GM0101 geweigerd'; END IF; RETURN NEW; END $$`);
      await dataSource.query(`CREATE TRIGGER weiger_historie BEFORE INSERT OR UPDATE ON leesmodel.historie_posities FOR EACH ROW EXECUTE FUNCTION weiger_historie_gm0101()`);
      try {
        // when: GM0101 (first in the log's order) gets 1,500 events, more than one round reads, then GM0102 some
        await schrijfGepland(store, 'GM0101', langeHistorie('GM0101', 1500));
        await schrijfGepland(store, 'GM0102', langeHistorie('GM0102', 30));
        const kop = (await store.head('GM0102'))?.positie ?? 0;

        // then: GM0102 reaches its head in both projections; GM0101's history stays behind, its failure on record
        await wachtTot(async () => (await checkpoint(dataSource, 'grootboek', 'GM0102')) === kop && (await checkpoint(dataSource, 'historie', 'GM0102')) === kop, 100_000);
        expect(await checkpoint(dataSource, 'historie', 'GM0101')).toBeLessThan((await store.head('GM0101'))?.positie ?? 0);
        expect(await dataSource.query(`SELECT reden FROM leesmodel.storingen WHERE projectie = 'historie' AND gemeente = 'GM0101'`)).toEqual([{ reden: expect.stringContaining('geweigerd') }]);
      } finally {
        await dataSource.query(`DROP TRIGGER weiger_historie ON leesmodel.historie_posities`);
        await dataSource.query(`DROP FUNCTION weiger_historie_gm0101()`);
      }
    });

    it('given two instances on one database, then exactly one projects (the leader) and both answer with the latest writes', async () => {
      // given
      const a = await startTestApp({ url, projecties: { achtergrond: true } });
      const b = await startTestApp({ url, projecties: { achtergrond: true } });
      apps.push(a, b);
      const gemeente = freshGemeente();
      await schrijfGepland(store, gemeente, langeHistorie(gemeente, 10));

      // when
      const overzichtA = await a.as(['auditor'], [gemeente]).get(`/api/v1/gemeenten/${gemeente}/begrotingen/2022/doelen/2.3.1/overzicht`).expect(200);
      const overzichtB = await b.as(['auditor'], [gemeente]).get(`/api/v1/gemeenten/${gemeente}/begrotingen/2022/doelen/2.3.1/overzicht`).expect(200);

      // then
      const leiders = [a, b].map((app) => app.app.get(ProjectiesService).isLeider);
      expect(leiders.filter(Boolean)).toHaveLength(1);
      expect(overzichtB.body).toEqual(overzichtA.body);
      expect(overzichtA.body.tot.positie).toBe((await store.head(gemeente))?.positie);
    });
  });
});
