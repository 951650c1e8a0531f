import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { foldGrootboek, legeGrootboek } from '../../projections/grootboek.fold';
import { laadGrootboek } from '../../projections/grootboek.projector';
import { herbouwProjecties } from '../../projections/herbouw';
import { alleHistorieItems, type HistorieItem } from '../../projections/historie/historie.fold';
import { laadHistorie } from '../../projections/historie/historie.projector';
import { LEESMODEL_SCHEMA } from '../../projections/opslag/sql';
import { ProjectieRunner } from '../../projections/runner';
import { JAREN, ledgerHistorie } from '../../projections/testing/ledger-historie.arbitrary';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store';
import { ALLE_ONDERWERPEN, alleRapporten } from '../support/alle-rapporten';
import { openTestDatabase } from '../support/database';
import { leesLog, schrijfGepland } from '../support/ledger-schrijver';

/**
 * The projections' central promise (DOMAIN.md): incremental projection, a full rebuild and the
 * on-demand fold give the same answer for every read model, for any history.
 */
describe('projecties over willekeurige historieën', () => {
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let volgnummer = 0;

  beforeAll(async () => {
    dataSource = await openTestDatabase();
    store = new PostgresEventStore(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  const nieuweGemeente = () => `GM${String(1000 + (volgnummer++ % 9000)).padStart(4, '0')}`;

  async function uitLeesmodel(gemeente: string) {
    const perJaar = new Map<number, Awaited<ReturnType<typeof laadGrootboek>>>();
    for (const jaar of JAREN) perJaar.set(jaar, await laadGrootboek(dataSource, LEESMODEL_SCHEMA, gemeente, { jaar }));
    // Each subject loaded on its own, so each is folded from its own events only (as a history request is).
    const historie = new Map<string, HistorieItem<unknown>[]>();
    for (const sleutel of ALLE_ONDERWERPEN) {
      const geladen = await laadHistorie(dataSource, LEESMODEL_SCHEMA, store, gemeente, [sleutel], Number.MAX_SAFE_INTEGER);
      historie.set(sleutel, geladen.items.get(sleutel) ?? []);
    }
    return alleRapporten(gemeente, (jaar) => perJaar.get(jaar) ?? legeGrootboek(), historie);
  }

  it('given a random history written in random chunks, when it is projected incrementally, rebuilt and folded on demand, then every report agrees', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          historie: ledgerHistorie('GM0000', 30),
          brokken: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }),
          batchSizeEvents: fc.integer({ min: 1, max: 6 }),
          verseRunner: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
        }),
        async ({ historie, brokken, batchSizeEvents, verseRunner }) => {
          // given: a fresh gemeente whose log is written chunk by chunk, projecting after every chunk
          const gemeente = nieuweGemeente();
          const gepland = historie.map((stap, index) => (index === 0 ? { ...stap, event: { type: 'GemeenteGeregistreerd' as const, data: { gemeente, naam: 'Proefgemeente' } } } : stap));
          let runner = new ProjectieRunner(dataSource, store, { schema: LEESMODEL_SCHEMA, batchSizeEvents });
          let ids: string[] = [];
          for (let start = 0, brok = 0; start < gepland.length; brok++) {
            const grootte = brokken[brok % brokken.length];
            ids = await schrijfGepland(store, gemeente, gepland.slice(start, start + grootte), ids);
            start += grootte;
            // A fresh runner has nothing in memory: it must continue from the rows and the checkpoint.
            if (verseRunner[brok % verseRunner.length]) runner = new ProjectieRunner(dataSource, store, { schema: LEESMODEL_SCHEMA, batchSizeEvents });
            await runner.werkBij(gemeente);
          }

          // when: the same log folded on demand, and every read model rebuilt from zero
          const events = await leesLog(store, gemeente);
          const gevouwen = foldGrootboek(events);
          const opAanvraag = alleRapporten(gemeente, () => gevouwen, alleHistorieItems(events));
          const incrementeel = await uitLeesmodel(gemeente);
          await herbouwProjecties(dataSource, store);
          const herbouwd = await uitLeesmodel(gemeente);

          // then
          expect(incrementeel).toEqual(opAanvraag);
          expect(herbouwd).toEqual(opAanvraag);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('given three runners racing on one gemeente (as after a lost leader lock), when they all project, then no batch is applied twice and every report equals the on-demand fold', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerHistorie('GM0000', 30), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 3, maxLength: 3 }), async (historie, batchSizes) => {
        // given: a written history nobody has projected yet
        const gemeente = nieuweGemeente();
        const gepland = historie.map((stap, index) => (index === 0 ? { ...stap, event: { type: 'GemeenteGeregistreerd' as const, data: { gemeente, naam: 'Proefgemeente' } } } : stap));
        await schrijfGepland(store, gemeente, gepland);

        // when: three runners without a shared lock each fold the same events and try to write them;
        // a batch only lands where the checkpoint still is where it was folded from
        await Promise.all(batchSizes.map((batchSizeEvents) => new ProjectieRunner(dataSource, store, { schema: LEESMODEL_SCHEMA, batchSizeEvents }).werkBij(gemeente)));

        // then
        const events = await leesLog(store, gemeente);
        const gevouwen = foldGrootboek(events);
        expect(await uitLeesmodel(gemeente)).toEqual(alleRapporten(gemeente, () => gevouwen, alleHistorieItems(events)));
      }),
      { numRuns: 15 },
    );
  });
});
