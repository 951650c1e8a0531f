import fc from 'fast-check';
import { foldGrootboek, type LedgerEvent } from './grootboek.fold';
import { type DoelRij, type GrootboekRijen, naarRijen, uitRijen, wijzigingen } from './grootboek.rijen';
import { alsLog, ledgerHistorie } from './testing/ledger-historie.arbitrary';
import { given } from './testing/recorded-events.builder';

const sleutel = (rij: { jaar: number; code: string }) => `${rij.jaar}|${rij.code}`;
/** A row as `laag:lasten` for each laag it holds, in column order. */
const lagenVan = (rij: DoelRij) => Object.entries(rij.lagen).map(([laag, kolommen]) => `${laag}:${kolommen.lasten}`);

/** The `doelen` table after writing `rijen` onto `tabel`, as the projector does (an upsert per doel and year). */
function pasToe(tabel: ReadonlyMap<string, DoelRij>, rijen: GrootboekRijen): Map<string, DoelRij> {
  const na = new Map(tabel);
  for (const rij of rijen.doelen) na.set(sleutel(rij), rij);
  return na;
}

const doelenVan = (rijen: GrootboekRijen) => pasToe(new Map(), rijen);

const budget = (jaar: number, regels: { doel: string; lasten: string }[]): LedgerEvent => ({
  type: 'BegrotingVastgesteld',
  data: {
    jaar,
    besluit: { datum: `${jaar - 1}-11-08`, orgaan: 'raad', kenmerk: `Begroting ${jaar}` },
    regels: regels.map((regel) => ({ ...regel, baten: '0.00', toevoegingReserves: [], onttrekkingReserves: [] })),
  },
});
const realisatie = (jaar: number, doel: string, bedrag: string): LedgerEvent => ({
  type: 'RealisatieGeboekt',
  data: { jaar, regels: [{ doel, kolom: 'lasten', bedrag }] },
});

describe('grootboek rows: one row per doel and year with its registration and amounts, without zero lagen', () => {
  it('given an adopted budget, when it becomes rows, then each doel has one row holding its budgeted laag only', () => {
    // given
    const log = given('GM0001');
    log.add(budget(2022, [{ doel: '1.1.1', lasten: '100.00' }, { doel: '1.1.2', lasten: '250.50' }]), { datum: '2021-11-08' });

    // when
    const rijen = naarRijen(foldGrootboek(log.events));

    // then
    expect(rijen.doelen.map((rij) => [sleutel(rij), ...lagenVan(rij)]).sort()).toEqual([
      ['2022|1.1.1', 'vastgesteldeBegroting:100'],
      ['2022|1.1.2', 'vastgesteldeBegroting:250.5'],
    ]);
  });

  it('given a doel booked with nothing but zero, when it becomes rows, then its row holds all four lagen as zero (it stays a booked doel)', () => {
    // given
    const log = given('GM0001');
    log.add(realisatie(2022, '9.9.9', '0.00'), { datum: '2022-03-01' });

    // when
    const rijen = naarRijen(foldGrootboek(log.events));

    // then
    expect(rijen.doelen.map(lagenVan)).toEqual([['vastgesteldeBegroting:0', 'mutatiesProjecten:0', 'begrotingswijzigingen:0', 'jaarrekening:0']]);
    expect(Object.keys(uitRijen('GM0001', rijen, 1).jaren['2022'].boekingen)).toEqual(['9.9.9']);
  });

  it('given doelen registered and one of them budgeted in a later batch, when the rows are written, then each doel has one row with its name, and only the budgeted one has a laag', () => {
    // given
    const log = given('GM0001');
    log.add({ type: 'DoelenVastgelegd', data: { jaar: 2022, doelen: [{ code: '1.1.1', naam: 'Veiligheid', programma: '1' }, { code: '1.1.2', naam: 'Wegen', programma: '1' }] } }, { datum: '2021-10-01' });
    const eerder = foldGrootboek(log.events);
    log.add(budget(2022, [{ doel: '1.1.1', lasten: '100.00' }]), { datum: '2021-11-08' });
    const geheel = foldGrootboek(log.events.slice(1), eerder);

    // when
    const tabel = pasToe(doelenVan(naarRijen(eerder)), wijzigingen(eerder, geheel));

    // then
    expect([...tabel.values()].map((rij) => [sleutel(rij), rij.naam, ...lagenVan(rij)]).sort()).toEqual([
      ['2022|1.1.1', 'Veiligheid', 'vastgesteldeBegroting:100'],
      ['2022|1.1.2', 'Wegen'],
    ]);
    const terug = uitRijen('GM0001', { ...naarRijen(geheel), doelen: [...tabel.values()] }, geheel.positie).jaren['2022'];
    expect(Object.keys(terug.doelen).sort()).toEqual(['1.1.1', '1.1.2']);
    expect(Object.keys(terug.boekingen)).toEqual(['1.1.1']);
  });

  it('given a realised laag, when a later batch books it back to zero, then the doel\'s row is written again without it and keeps the budget', () => {
    // given
    const log = given('GM0001');
    log.add(budget(2022, [{ doel: '1.1.1', lasten: '100.00' }]), { datum: '2021-11-08' });
    log.add(realisatie(2022, '1.1.1', '40.00'), { datum: '2022-03-01' });
    const eerder = foldGrootboek(log.events);
    log.add(realisatie(2022, '1.1.1', '-40.00'), { datum: '2022-04-01' });

    // when
    const rijen = wijzigingen(eerder, foldGrootboek(log.events.slice(2), eerder));

    // then
    expect(rijen.doelen.map((rij) => [sleutel(rij), ...lagenVan(rij)])).toEqual([['2022|1.1.1', 'vastgesteldeBegroting:100']]);
  });

  it('given a doel whose only booking was zero, when a later batch books an amount, then its row holds that laag only', () => {
    // given
    const log = given('GM0001');
    log.add(realisatie(2022, '1.1.1', '0.00'), { datum: '2022-03-01' });
    const eerder = foldGrootboek(log.events);
    log.add(realisatie(2022, '1.1.1', '12.34'), { datum: '2022-04-01' });

    // when
    const rijen = wijzigingen(eerder, foldGrootboek(log.events.slice(1), eerder));

    // then
    expect(rijen.doelen.map(lagenVan)).toEqual([['jaarrekening:12.34']]);
  });

  it('given any history cut into two batches anywhere, when the second batch is written onto the rows of the first, then the table equals the rows of the whole and reads back as the same lagen', () => {
    fc.assert(
      fc.property(ledgerHistorie('GM0000', 40), fc.nat(), fc.nat(), (gepland, knip1, knip2) => {
        // given
        const events = alsLog(gepland);
        const [a, b] = [knip1 % (events.length + 1), knip2 % (events.length + 1)].sort((x, y) => x - y);
        const eerst = foldGrootboek(events.slice(0, a));
        const dan = foldGrootboek(events.slice(a, b), eerst);
        const geheel = foldGrootboek(events);

        // when
        const tabel = pasToe(pasToe(doelenVan(naarRijen(eerst)), wijzigingen(eerst, dan)), wijzigingen(dan, geheel));

        // then
        expect(new Map([...tabel].sort())).toEqual(new Map([...doelenVan(naarRijen(geheel))].sort()));
        const terug = uitRijen('GM0000', { ...naarRijen(geheel), doelen: [...tabel.values()] }, geheel.positie);
        for (const [jaar, boek] of Object.entries(geheel.jaren)) {
          expect(terug.jaren[jaar]?.doelen ?? {}).toEqual(boek.doelen);
          expect(Object.keys(terug.jaren[jaar]?.boekingen ?? {}).sort()).toEqual(Object.keys(boek.boekingen).sort());
          for (const [doel, lagen] of Object.entries(boek.boekingen)) {
            for (const [laag, kolommen] of Object.entries(lagen)) {
              const gelezen = terug.jaren[jaar].boekingen[doel][laag as keyof typeof lagen];
              for (const [kolom, waarde] of Object.entries(kolommen)) expect(`${jaar} ${doel} ${laag} ${kolom} ${gelezen[kolom as keyof typeof kolommen].toFixed(2)}`).toBe(`${jaar} ${doel} ${laag} ${kolom} ${waarde.toFixed(2)}`);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
