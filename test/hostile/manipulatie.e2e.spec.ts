import type { QueryRunner } from 'typeorm';
import { chainHash } from '../../src/event-store/hash-chain';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store';
import { besluit, legDoelenVast, registreerGemeente, stelReserveIn, vaststellingRegel } from '../support/scenarios';
import { type TestApp, freshGemeente, startTestApp } from '../support/test-app';

/**
 * Issue 5, item 6: tampering. A superuser can switch off the append-only guard (the triggers of
 * migrations/1763800000000-EventStore.ts) and edit the log; the hash chain must show it, and
 * `GET /verificatie` must name the first broken position with a Dutch reason.
 *
 * That the guard itself refuses UPDATE, DELETE and TRUNCATE while it is on is proven in
 * test/integration/postgres-event-store.spec.ts ("when %s is run on events, then PostgreSQL itself
 * refuses it"); it is not repeated here. Here each tampering runs in one transaction that disables the
 * guard, edits and re-enables it, so the guard is on again at commit (and on any error, by rollback);
 * every test checks that it is.
 */

interface Verificatie {
  gemeente: string;
  geldig: boolean;
  aantalEvents: number;
  kopPositie: number;
  kopHash: string;
  eersteFout: null | { positie: number; reden: string };
}

/** The history every test starts from: nine events, written through the API. */
const AANTAL_EVENTS = 9;
/** An auditor wrote down the head after the sixth event (before any tampering). */
const EERDERE_KOP = 6;

describe('manipulatie: a superuser edits the log, verificatie names the first broken position', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /**
   * Given a fresh gemeente with a small real history: 1 registered, 2 doelen 2024, 3 reserve AR,
   * 4 krediet KR-1, 5 begroting vastgesteld, 6 wijziging; here the auditor notes the head; then
   * 7 realisatie, 8 reservemutatie, 9 realisatie.
   */
  async function gegeven() {
    const gemeente = freshGemeente();
    const base = `/api/v1/gemeenten/${gemeente}/begrotingen/2024`;
    const controller = t.as(['controller'], [gemeente]);
    const accountant = t.as(['accountant'], [gemeente]);
    await registreerGemeente(t, gemeente, 'Manipulatiedorp');
    await legDoelenVast(t, gemeente, 2024, [{ code: '5.1', naam: 'Zelfredzaam', programma: '5' }]);
    await stelReserveIn(t, gemeente, 'AR', '100000.00', '2024-01-01');
    await t
      .as(['beheerder'], ['*'])
      .post(`/api/v1/gemeenten/${gemeente}/kredieten`, { code: 'KR-1', naam: 'Sporthal', doel: '5.1', omvang: '875000.00', besluit: besluit('2023-11-09') })
      .expect(201);
    await controller.post(`${base}/vaststelling`, { besluit: besluit('2023-11-09', 'Begroting 2024'), regels: [vaststellingRegel('5.1', '2500000.00')] }).expect(201);
    await controller
      .post(`${base}/wijzigingen`, {
        kenmerk: 'Voorjaarsnota 2024',
        besluit: besluit('2024-06-27'),
        onderdelen: [{ titel: 'Bijstelling', budgettairNeutraal: false, aard: 'incidenteel', regels: [{ doel: '5.1', kolom: 'lasten', bedrag: '120000.00' }] }],
      })
      .expect(201);
    const eerder = await verifieer(gemeente);
    await accountant.post(`${base}/realisaties`, { datum: '2024-09-30', regels: [{ doel: '5.1', kolom: 'lasten', bedrag: '1961775.00' }] }).expect(201);
    await accountant.post(`${base}/reservemutaties`, { reserve: 'AR', doel: '5.1', soort: 'onttrekking', bedrag: '80000.00', datum: '2024-12-31' }).expect(201);
    await accountant.post(`${base}/realisaties`, { datum: '2024-12-31', regels: [{ doel: '5.1', kolom: 'lasten', bedrag: '400000.00' }] }).expect(201);
    const kop = await verifieer(gemeente);

    expect(eerder).toMatchObject({ geldig: true, kopPositie: EERDERE_KOP, eersteFout: null });
    expect(kop).toMatchObject({ geldig: true, aantalEvents: AANTAL_EVENTS, kopPositie: AANTAL_EVENTS, eersteFout: null });
    return { gemeente, eerder, kop };
  }

  /** Verification as the gemeente's auditor, and the same question from a beheerder of all gemeenten (they must agree). */
  async function verifieer(gemeente: string, query = ''): Promise<Verificatie> {
    const url = `/api/v1/verificatie?gemeente=${gemeente}${query}`;
    const auditor = await t.as(['auditor'], [gemeente]).get(url).expect(200);
    const beheerder = await t.as(['beheerder'], ['*']).get(url).expect(200);
    expect(beheerder.body).toEqual(auditor.body);
    return auditor.body as Verificatie;
  }

  /** As a superuser could: the guard off, the edit, the guard on again, in one transaction. */
  async function alsSuperuser(bewerk: (runner: QueryRunner) => Promise<void>): Promise<void> {
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query('ALTER TABLE events DISABLE TRIGGER USER');
      await bewerk(runner);
      await runner.query('ALTER TABLE events ENABLE TRIGGER USER');
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** The append-only triggers are on again ('O': fires in origin and local mode). */
  async function verwachtBewakingAan(): Promise<void> {
    const triggers = (await t.dataSource.query(
      `SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'events'::regclass AND NOT tgisinternal ORDER BY tgname`,
    )) as { tgname: string; tgenabled: string }[];
    expect(triggers).toEqual([
      { tgname: 'events_geen_truncate', tgenabled: 'O' },
      { tgname: 'events_geen_update_of_delete', tgenabled: 'O' },
    ]);
  }

  /** What an auditor who wrote down an earlier head still gets: that head checks out. */
  async function verwachtEerdereKopGeldig(gemeente: string, eerder: Verificatie, totPositie = EERDERE_KOP): Promise<void> {
    const herhaald = await verifieer(gemeente, `&totPositie=${totPositie}&verwachteHash=${eerder.kopHash}`);
    expect(herhaald).toMatchObject({ geldig: true, aantalEvents: totPositie, kopPositie: totPositie, kopHash: eerder.kopHash, eersteFout: null });
  }

  it('given an amount changed inside an event\'s data, then verificatie is invalid at exactly that position, and the head written down before it still checks out', async () => {
    const { gemeente, eerder, kop } = await gegeven();

    await alsSuperuser((runner) =>
      runner.query(`UPDATE events SET data = jsonb_set(data, '{regels,0,bedrag}', '"1.00"') WHERE gemeente = $1 AND positie = 7`, [gemeente]),
    );
    const nu = await verifieer(gemeente);
    const metKop = await verifieer(gemeente, `&totPositie=${AANTAL_EVENTS}&verwachteHash=${kop.kopHash}`);
    const totDaarvoor = await verifieer(gemeente, '&totPositie=6');

    expect(nu).toMatchObject({ geldig: false, aantalEvents: 6, kopPositie: 6, eersteFout: { positie: 7, reden: 'de hash van positie 7 klopt niet: het event of een voorganger is gewijzigd' } });
    expect(metKop.eersteFout?.positie).toBe(7);
    expect(totDaarvoor).toMatchObject({ geldig: true, kopPositie: 6, kopHash: eerder.kopHash });
    await verwachtEerdereKopGeldig(gemeente, eerder);
    await verwachtBewakingAan();
  });

  it('given an event deleted from the middle, then verificatie names the missing position, and the head written down before it still checks out', async () => {
    const { gemeente, eerder } = await gegeven();

    await alsSuperuser((runner) => runner.query('DELETE FROM events WHERE gemeente = $1 AND positie = 7', [gemeente]));
    const nu = await verifieer(gemeente);

    expect(nu).toMatchObject({ geldig: false, kopPositie: 6, eersteFout: { positie: 7, reden: 'positie 7 ontbreekt (gevonden: 8); een event is verwijderd of verplaatst' } });
    await verwachtEerdereKopGeldig(gemeente, eerder);
    await verwachtBewakingAan();
  });

  it('given the last event deleted, then verificatie names that position as missing', async () => {
    const { gemeente, eerder } = await gegeven();

    await alsSuperuser((runner) => runner.query('DELETE FROM events WHERE gemeente = $1 AND positie = $2', [gemeente, AANTAL_EVENTS]));
    const nu = await verifieer(gemeente);

    expect(nu).toMatchObject({ geldig: false, kopPositie: AANTAL_EVENTS - 1, eersteFout: { positie: AANTAL_EVENTS, reden: expect.stringMatching(/^positie 9 ontbreekt/) } });
    await verwachtEerdereKopGeldig(gemeente, eerder);
    await verwachtBewakingAan();
  });

  it('given two events\' type and data swapped, then verificatie is invalid at the earlier of the two', async () => {
    const { gemeente, eerder } = await gegeven();

    await alsSuperuser((runner) =>
      runner.query(
        `UPDATE events AS e SET type = o.type, data = o.data
           FROM events AS o
          WHERE e.gemeente = $1 AND o.gemeente = $1 AND ((e.positie = 7 AND o.positie = 8) OR (e.positie = 8 AND o.positie = 7))`,
        [gemeente],
      ),
    );
    const nu = await verifieer(gemeente);

    expect(nu).toMatchObject({ geldig: false, kopPositie: 6, eersteFout: { positie: 7, reden: expect.stringContaining('de hash van positie 7 klopt niet') } });
    await verwachtEerdereKopGeldig(gemeente, eerder);
    await verwachtBewakingAan();
  });

  it('given two whole events moved into each other\'s positions, then verificatie is invalid at the earlier position', async () => {
    const { gemeente, eerder } = await gegeven();

    await alsSuperuser(async (runner) => {
      // Through a free position, as (gemeente, positie) is unique and positive.
      const vrij = 1_000_000;
      await runner.query('UPDATE events SET positie = $2 WHERE gemeente = $1 AND positie = 7', [gemeente, vrij]);
      await runner.query('UPDATE events SET positie = 7 WHERE gemeente = $1 AND positie = 9', [gemeente]);
      await runner.query('UPDATE events SET positie = 9 WHERE gemeente = $1 AND positie = $2', [gemeente, vrij]);
    });
    const nu = await verifieer(gemeente);

    expect(nu).toMatchObject({ geldig: false, kopPositie: 6, eersteFout: { positie: 7, reden: expect.stringContaining('de hash van positie 7 klopt niet') } });
    await verwachtEerdereKopGeldig(gemeente, eerder);
    await verwachtBewakingAan();
  });

  describe('what the chain alone cannot show, and the head an auditor wrote down can', () => {
    it('given an amount changed and every later hash and the head row rewritten to match, then the chain looks valid, but the auditor\'s later head does not check out and the earlier one still does', async () => {
      const { gemeente, eerder, kop } = await gegeven();
      const store = new PostgresEventStore(t.dataSource);

      await alsSuperuser((runner) =>
        runner.query(`UPDATE events SET data = jsonb_set(data, '{regels,0,bedrag}', '"1.00"') WHERE gemeente = $1 AND positie = 7`, [gemeente]),
      );
      const log = await store.readLog(gemeente, { naPositie: 0, limit: AANTAL_EVENTS });
      let vorige = log[5].hash;
      const herberekend = log.slice(6).map(({ hash: _oud, ...event }) => (vorige = chainHash(vorige, event)));
      await alsSuperuser(async (runner) => {
        for (const [index, hash] of herberekend.entries()) {
          await runner.query('UPDATE events SET hash = $3 WHERE gemeente = $1 AND positie = $2', [gemeente, 7 + index, hash]);
        }
        await runner.query('UPDATE gemeente_logs SET kop_hash = $2 WHERE gemeente = $1', [gemeente, vorige]);
      });
      const zonderAnker = await verifieer(gemeente);
      const metKop = await verifieer(gemeente, `&totPositie=${AANTAL_EVENTS}&verwachteHash=${kop.kopHash}`);

      expect(zonderAnker.geldig).toBe(true);
      expect(metKop).toMatchObject({ geldig: false, eersteFout: { positie: AANTAL_EVENTS, reden: 'de herberekende hash op positie 9 wijkt af van de verwachte hash' } });
      await verwachtEerdereKopGeldig(gemeente, eerder);
      await verwachtBewakingAan();
    });

    it('given the last events deleted and the head row wound back, then asking up to the head the auditor wrote down names the first missing position', async () => {
      const { gemeente, eerder, kop } = await gegeven();
      const zeven = (await verifieer(gemeente, '&totPositie=7')).kopHash;

      await alsSuperuser(async (runner) => {
        await runner.query('DELETE FROM events WHERE gemeente = $1 AND positie > 7', [gemeente]);
        await runner.query('UPDATE gemeente_logs SET positie = 7, kop_hash = $2 WHERE gemeente = $1', [gemeente, zeven]);
      });
      const zonderAnker = await verifieer(gemeente);
      const totKop = await verifieer(gemeente, `&totPositie=${AANTAL_EVENTS}`);
      const metKop = await verifieer(gemeente, `&totPositie=${AANTAL_EVENTS}&verwachteHash=${kop.kopHash}`);

      expect(zonderAnker).toMatchObject({ geldig: true, kopPositie: 7 });
      expect(totKop).toMatchObject({ geldig: false, kopPositie: 7, eersteFout: { positie: 8, reden: expect.stringMatching(/^positie 8 ontbreekt: het log eindigt op positie 7/) } });
      expect(metKop).toMatchObject({ geldig: false, eersteFout: { positie: 8 } });
      await verwachtEerdereKopGeldig(gemeente, eerder);
      await verwachtBewakingAan();
    });
  });

  describe('the anchor names one chain', () => {
    it('given a token for several gemeenten, when totPositie or verwachteHash comes without a gemeente, then 400: an anchor belongs to one chain', async () => {
      const beheerder = t.as(['beheerder'], ['*']);

      const tot = await beheerder.get('/api/v1/verificatie?totPositie=3');
      const hash = await beheerder.get(`/api/v1/verificatie?verwachteHash=${'a'.repeat(64)}`);

      expect(tot.status).toBe(400);
      expect(tot.body).toMatchObject({ code: 'VERIFICATIE.GEMEENTE_ONTBREEKT', detail: expect.stringContaining('totPositie hoort bij de keten van één gemeente') });
      expect(hash.status).toBe(400);
      expect(hash.body.fouten).toEqual([{ veld: 'gemeente', melding: expect.stringContaining('verwachteHash') }]);
    });
  });
});
