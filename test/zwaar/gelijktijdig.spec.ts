import Big from 'big.js';
import { formatBedrag } from '../../src/shared/money';
import { besluit, legDoelenVast, registreerGemeente, stelReserveIn, vaststellingRegel } from '../support/scenarios';
import { type TestApp, freshGemeente, startTestApp } from '../support/test-app';

const CLIENTS = 32;
const COMMANDS_PER_CLIENT = 200;
const DOELEN = ['5.1', '5.2', '5.3'];

type Soort = 'wijziging' | 'realisatie' | 'reservemutatie';
interface Uitkomst {
  soort: Soort;
  status: number;
  eventId?: string;
  doel: string;
  bedrag: string;
}

/**
 * Concurrency (issue 5, item 3): 32 clients × 200 commands against one budget year, amendments,
 * realisations and reserve withdrawals mixed. Every 201 is in the ledger exactly once, every refusal
 * wrote nothing, and the final overview equals the sum of the accepted commands.
 */
describe('32 gelijktijdige clients × 200 commands op één begrotingsjaar', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('given one adopted year, when 6,400 mixed commands arrive at once, then the ledger holds exactly the accepted ones and the overview is their sum', async () => {
    // given: a reserve that can fund only part of the withdrawals, so rule 6 refuses some
    const gemeente = freshGemeente();
    await registreerGemeente(t, gemeente);
    await legDoelenVast(t, gemeente, 2024, DOELEN.map((code) => ({ code, naam: `Doel ${code}`, programma: '5' })));
    await stelReserveIn(t, gemeente, 'AR', '5000.00', '2024-01-01');
    const base = `/api/v1/gemeenten/${gemeente}/begrotingen/2024`;
    await t.as(['controller'], [gemeente]).post(`${base}/vaststelling`, { besluit: besluit('2023-11-09', 'B2024'), regels: DOELEN.map((doel) => vaststellingRegel(doel, '100000.00')) }).expect(201);
    const eventsVoor = await t.eventCount(gemeente);

    // when
    const uitkomsten: Uitkomst[] = [];
    const client = async (index: number) => {
      const wie = t.as(['controller', 'accountant'], [gemeente]);
      for (let nummer = 0; nummer < COMMANDS_PER_CLIENT; nummer++) {
        const soort: Soort = (['wijziging', 'realisatie', 'reservemutatie'] as const)[(index + nummer) % 3];
        const doel = DOELEN[nummer % DOELEN.length];
        const bedrag = `${1 + ((index * 31 + nummer * 7) % 90)}.${String((index + nummer) % 100).padStart(2, '0')}`;
        const antwoord =
          soort === 'wijziging'
            ? await wie.post(`${base}/wijzigingen`, { kenmerk: `W-${index}-${nummer}`, besluit: besluit('2024-03-01'), onderdelen: [{ titel: 'Gelijktijdig', budgettairNeutraal: false, aard: 'incidenteel', regels: [{ doel, kolom: 'lasten', bedrag }] }] })
            : soort === 'realisatie'
              ? await wie.post(`${base}/realisaties`, { datum: '2024-06-01', kenmerk: `R-${index}-${nummer}`, regels: [{ doel, kolom: 'lasten', bedrag }] })
              : await wie.post(`${base}/reservemutaties`, { reserve: 'AR', doel, soort: 'onttrekking', bedrag, datum: '2024-06-01' });
        uitkomsten.push({ soort, status: antwoord.status, eventId: antwoord.status === 201 ? antwoord.body.eventId : undefined, doel, bedrag });
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(index)));

    // then: only 201 or a refusal with a reason, never a server error
    expect(uitkomsten).toHaveLength(CLIENTS * COMMANDS_PER_CLIENT);
    // Within one instance a gemeente's commands queue, so none is lost to a stale decision (no 409);
    // the only refusals are withdrawals the reserve cannot fund (rule 6, 422).
    expect(uitkomsten.filter((uitkomst) => ![201, 422].includes(uitkomst.status))).toEqual([]);
    const geaccepteerd = uitkomsten.filter((uitkomst) => uitkomst.status === 201);
    const geweigerd = uitkomsten.filter((uitkomst) => uitkomst.status !== 201);
    expect(geweigerd.every((uitkomst) => uitkomst.soort === 'reservemutatie')).toBe(true);
    expect(geweigerd.length).toBeGreaterThan(0);

    // every 201 exactly once in the ledger, and nothing else written
    const ids = geaccepteerd.map((uitkomst) => uitkomst.eventId as string);
    expect(new Set(ids).size).toBe(ids.length);
    const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM events WHERE event_id = ANY($1::uuid[])`, [ids])) as { n: number }[];
    expect(n).toBe(ids.length);
    expect(await t.eventCount(gemeente)).toBe(eventsVoor + ids.length);

    // the overview is the sum of the accepted commands, per doel
    const som = (soort: Soort, doel: string) =>
      formatBedrag(geaccepteerd.filter((uitkomst) => uitkomst.soort === soort && uitkomst.doel === doel).reduce((totaal, uitkomst) => totaal.plus(uitkomst.bedrag), new Big(0)));
    for (const doel of DOELEN) {
      const { body } = await t.as(['auditor'], [gemeente]).get(`${base}/doelen/${doel}/overzicht`).expect(200);
      expect(body.lagen.begrotingswijzigingen.lasten).toBe(som('wijziging', doel));
      expect(body.lagen.jaarrekening.lasten).toBe(som('realisatie', doel));
      expect(body.lagen.jaarrekening.onttrekkingReserves).toBe(som('reservemutatie', doel));
    }
    const staat = await t.as(['auditor'], [gemeente]).get(`/api/v1/gemeenten/${gemeente}/reserves/AR/staat?jaar=2024`).expect(200);
    expect(staat.body.saldoEind).toBe(formatBedrag(new Big('5000.00').minus(DOELEN.reduce((totaal, doel) => totaal.plus(som('reservemutatie', doel)), new Big(0)))));
    expect(new Big(staat.body.saldoEind).gte(0)).toBe(true);
    process.stdout.write(`gelijktijdig: ${geaccepteerd.length} geaccepteerd, ${geweigerd.length} geweigerd (alle 422: reserve ontoereikend)\n`);
  });
});
