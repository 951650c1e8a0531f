import { besluit, legDoelenVast, registreerGemeente, stelReserveIn, vaststellingRegel } from '../support/scenarios';
import { type TestApp, freshGemeente, startTestApp } from '../support/test-app';

interface ProblemBody {
  status: number;
  code: string;
  detail: string;
  fouten?: { veld: string; melding: string }[];
}

/**
 * One HTTP test per reject rule of DOMAIN.md: the status, a problem detail naming the rule and field,
 * and the gemeente's event count unchanged.
 */
describe('reject rules: a clear answer and nothing written', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /** A registered gemeente with doelen 5.1 and 5.2 (programma 5) and reserve AR of 100.000 for 2024. */
  async function gegeven(opties: { vastgesteld?: boolean } = {}) {
    const gemeente = freshGemeente();
    await registreerGemeente(t, gemeente, 'Neder-Betuwe');
    await legDoelenVast(t, gemeente, 2024, [
      { code: '5.1', naam: 'Zelfredzaam', programma: '5' },
      { code: '5.2', naam: 'Gezond en vitaal', programma: '5' },
    ]);
    await stelReserveIn(t, gemeente, 'AR', '100000.00', '2024-01-01');
    const base = `/api/v1/gemeenten/${gemeente}/begrotingen/2024`;
    const controller = t.as(['controller'], [gemeente]);
    const accountant = t.as(['accountant'], [gemeente]);
    if (opties.vastgesteld) {
      await controller
        .post(`${base}/vaststelling`, {
          besluit: besluit('2023-11-09', 'Begroting 2024'),
          regels: [
            vaststellingRegel('5.1', '2500000.00', '300000.00', { onttrekkingReserves: [{ reserve: 'AR', bedrag: '80000.00' }] }),
            vaststellingRegel('5.2', '1750000.00'),
          ],
        })
        .expect(201);
    }
    return { gemeente, base, controller, accountant };
  }

  async function expectRefusal(gemeente: string, send: () => Promise<{ status: number; body: unknown; headers: Record<string, string> }>, status: number, code: string) {
    const before = await t.eventCount(gemeente);
    const response = await send();
    expect({ status: response.status, code: (response.body as ProblemBody).code }).toEqual({ status, code });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await t.eventCount(gemeente)).toBe(before);
    return response.body as ProblemBody;
  }

  const wijziging = (kenmerk: string, regels: unknown[], budgettairNeutraal = false) => ({
    kenmerk,
    besluit: besluit('2024-06-27'),
    onderdelen: [{ titel: kenmerk, budgettairNeutraal, aard: 'incidenteel', regels }],
  });

  it('rule 1: given an adopted budget, when it is adopted again, then 409', async () => {
    const { gemeente, base, controller } = await gegeven({ vastgesteld: true });
    const problem = await expectRefusal(gemeente, () => controller.post(`${base}/vaststelling`, { besluit: besluit('2023-11-10', 'bis'), regels: [vaststellingRegel('5.1', '1.00')] }), 409, 'BEGROTING.AL_VASTGESTELD');
    expect(problem.detail).toMatch(/vastgesteld/);
  });

  it('rule 2: given no adopted budget, when an amendment arrives, then 409; after the jaarrekening, then 409 too', async () => {
    const { gemeente, base, controller } = await gegeven();
    await expectRefusal(gemeente, () => controller.post(`${base}/wijzigingen`, wijziging('Te vroeg', [{ doel: '5.1', kolom: 'lasten', bedrag: '1.00' }])), 409, 'BEGROTING.NIET_VASTGESTELD');

    const closed = await gegeven({ vastgesteld: true });
    await closed.controller.post(`${closed.base}/jaarrekening`, { besluit: besluit('2025-07-03', 'Jaarrekening 2024') }).expect(201);
    await expectRefusal(closed.gemeente, () => closed.accountant.post(`${closed.base}/realisaties`, { datum: '2024-12-31', regels: [{ doel: '5.1', kolom: 'lasten', bedrag: '1.00' }] }), 409, 'BEGROTING.JAAR_GESLOTEN');
  });

  it('rule 3: given unknown names in the body, then 422 naming the doel, reserve or krediet', async () => {
    const { gemeente, base, controller } = await gegeven({ vastgesteld: true });
    const doel = await expectRefusal(gemeente, () => controller.post(`${base}/wijzigingen`, wijziging('W1', [{ doel: '9.9', kolom: 'lasten', bedrag: '1.00' }])), 422, 'BEGROTING.DOEL_ONBEKEND');
    const reserve = await expectRefusal(gemeente, () => controller.post(`${base}/wijzigingen`, wijziging('W2', [{ doel: '5.1', kolom: 'onttrekkingReserves', bedrag: '1.00', reserve: 'GEEN' }])), 422, 'BEGROTING.RESERVE_ONBEKEND');
    const krediet = await expectRefusal(gemeente, () => controller.post(`${base}/projectmutaties`, { krediet: 'KR-X', doel: '5.1', bedrag: '1.00', datum: '2024-05-01' }), 422, 'BEGROTING.KREDIET_ONBEKEND');
    expect(doel.detail).toContain('9.9');
    expect(reserve.detail).toContain('GEEN');
    expect(krediet.detail).toContain('KR-X');
  });

  it.each([
    ['a JSON number', 2500000, /als tekst/],
    ['three decimals', '2500000.001', /hoogstens 13 cijfers voor en 2 na/],
    ['an exponent', '2.5e6', /zonder exponent/],
    ['NaN', 'NaN', /bedrag/],
    ['10^13', '10000000000000.00', /hoogstens 13 cijfers/],
  ])('rule 4: given %s as an amount, then 400 naming the field', async (_, lasten, message) => {
    const { gemeente, base, controller } = await gegeven();
    const problem = await expectRefusal(gemeente, () => controller.post(`${base}/vaststelling`, { besluit: besluit('2023-11-09'), regels: [{ ...vaststellingRegel('5.1', '0.00'), lasten }] }), 400, 'VERZOEK.ONGELDIG');
    expect(problem.fouten).toEqual(expect.arrayContaining([{ veld: 'regels[0].lasten', melding: expect.stringMatching(message) }]));
  });

  it('rule 4: given a negative adopted amount, then 422', async () => {
    const { gemeente, base, controller } = await gegeven();
    await expectRefusal(gemeente, () => controller.post(`${base}/vaststelling`, { besluit: besluit('2023-11-09'), regels: [vaststellingRegel('5.1', '-5.00')] }), 422, 'BEDRAG.NEGATIEF');
  });

  it('rule 5: given a budget-neutral part that does not net to zero, then 422 naming the imbalance', async () => {
    const { gemeente, base, controller } = await gegeven({ vastgesteld: true });
    const problem = await expectRefusal(
      gemeente,
      () => controller.post(`${base}/wijzigingen`, wijziging('Scheef', [
        { doel: '5.1', kolom: 'baten', bedrag: '661000.00' },
        { doel: '5.2', kolom: 'lasten', bedrag: '660000.00' },
      ], true)),
      422,
      'BEGROTING.NIET_BUDGETNEUTRAAL',
    );
    expect(problem.detail).toContain('1000.00');
  });

  it('rule 6: given a reserve of 100.000 with 80.000 withdrawn, when 20.000,01 more is withdrawn, then 422', async () => {
    const { gemeente, base, accountant } = await gegeven({ vastgesteld: true });
    await accountant.post(`${base}/reservemutaties`, { reserve: 'AR', doel: '5.1', soort: 'onttrekking', bedrag: '80000.00', datum: '2024-12-31' }).expect(201);
    const problem = await expectRefusal(gemeente, () => accountant.post(`${base}/reservemutaties`, { reserve: 'AR', doel: '5.2', soort: 'onttrekking', bedrag: '20000.01', datum: '2024-12-31' }), 422, 'RESERVE.SALDO_NEGATIEF');
    expect(problem.detail).toContain('AR');
    await accountant.post(`${base}/reservemutaties`, { reserve: 'AR', doel: '5.2', soort: 'onttrekking', bedrag: '20000.00', datum: '2024-12-31' }).expect(201);
  });

  it('rule 7: given a reserve column without a reserve, then 422', async () => {
    const { gemeente, base, controller } = await gegeven({ vastgesteld: true });
    await expectRefusal(gemeente, () => controller.post(`${base}/wijzigingen`, wijziging('W', [{ doel: '5.1', kolom: 'toevoegingReserves', bedrag: '1.00' }])), 422, 'BEGROTING.RESERVE_ONTBREEKT');
  });

  it('rule 8: given a booked kenmerk, when another amendment uses it, then 409; the same request with its Idempotency-Key returns the first answer', async () => {
    const { gemeente, base, controller } = await gegeven({ vastgesteld: true });
    const body = wijziging('Raadsbesluit 2024-15', [{ doel: '5.1', kolom: 'lasten', bedrag: '10000.00' }]);
    const first = await controller.post(`${base}/wijzigingen`, body, { 'Idempotency-Key': `rb-${gemeente}` }).expect(201);
    const count = await t.eventCount(gemeente);

    const repeat = await controller.post(`${base}/wijzigingen`, body, { 'Idempotency-Key': `rb-${gemeente}` });
    await expectRefusal(gemeente, () => controller.post(`${base}/wijzigingen`, wijziging('Raadsbesluit 2024-15', [{ doel: '5.2', kolom: 'lasten', bedrag: '1.00' }])), 409, 'BEGROTING.KENMERK_DUBBEL');

    expect(repeat.status).toBe(201);
    expect(repeat.body.eventId).toBe(first.body.eventId);
    expect(await t.eventCount(gemeente)).toBe(count);
  });

  it('rule 9: given 20 concurrent amendments on one year, then every one is decided on fresh state and none is lost', async () => {
    const { gemeente, base, controller } = await gegeven({ vastgesteld: true });
    const countBefore = await t.eventCount(gemeente);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) => controller.post(`${base}/wijzigingen`, wijziging(`Gelijktijdig ${index}`, [{ doel: '5.2', kolom: 'lasten', bedrag: '1.25' }]))),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
    const overzicht = await controller.get(`${base}/doelen/5.2/overzicht`).expect(200);
    expect(overzicht.body.lagen.begrotingswijzigingen.lasten).toBe('25.00');
    expect(await t.eventCount(gemeente)).toBe(countBefore + 20);
  });

  it('rule 6 under contention: 50 concurrent withdrawals that together exceed the balance accept exactly those that fit', async () => {
    const { gemeente, base, accountant } = await gegeven({ vastgesteld: true });
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => accountant.post(`${base}/reservemutaties`, { reserve: 'AR', doel: '5.1', soort: 'onttrekking', bedrag: '3000.00', datum: '2024-12-31' })),
    );
    const accepted = responses.filter((response) => response.status === 201).length;
    const refused = responses.filter((response) => response.status === 422);
    expect(accepted).toBe(33);
    expect(refused).toHaveLength(17);
    for (const response of refused) expect(response.body.code).toBe('RESERVE.SALDO_NEGATIEF');
    const staat = await accountant.get(`/api/v1/gemeenten/${gemeente}/reserves/AR/staat?jaar=2024`).expect(200);
    expect(staat.body.saldoEind).toBe('1000.00');
  });

  it('rule 6 across years: concurrent withdrawals booked in different budget years share one balance', async () => {
    const { gemeente, base, accountant } = await gegeven({ vastgesteld: true });
    await legDoelenVast(t, gemeente, 2025, [{ code: '5.1', naam: 'Zelfredzaam', programma: '5' }]);
    const controller = t.as(['controller'], [gemeente]);
    const base2025 = `/api/v1/gemeenten/${gemeente}/begrotingen/2025`;
    await controller.post(`${base2025}/vaststelling`, { besluit: besluit('2024-11-07', 'Begroting 2025'), regels: [vaststellingRegel('5.1', '1.00')] }).expect(201);

    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) => {
        const [path, datum] = index % 2 === 0 ? [base, '2024-12-31'] : [base2025, '2025-06-30'];
        return accountant.post(`${path}/reservemutaties`, { reserve: 'AR', doel: '5.1', soort: 'onttrekking', bedrag: '30000.00', datum });
      }),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(3);
    const historie = await accountant.get(`/api/v1/gemeenten/${gemeente}/reserves/AR/historie`).expect(200);
    expect(historie.body.items.filter((item: { type: string }) => item.type === 'ReservemutatieGeboekt')).toHaveLength(3);
  });
});
