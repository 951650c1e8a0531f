import ExcelJS from 'exceljs';
import { REALISATIE_REGELS_PER_EVENT } from '../../src/domain/begroting/begroting.events';
import { XLSX_MEDIA_TYPE } from '../../src/exchange/xlsx';
import { besluit, legDoelenVast, registreerGemeente, stelReserveIn } from '../support/scenarios';
import { type TestApp, freshGemeente, startTestApp } from '../support/test-app';

/** CSV import (API.md, Imports): one import is one command, all rows or none, errors name row and column. */
describe('import van CSV en XLSX', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /** Seed 004's registrations: the gemeente, doel 2.3.1, both reserves and the krediet. */
  async function gegeven(): Promise<string> {
    const gemeente = freshGemeente();
    await registreerGemeente(t, gemeente);
    await legDoelenVast(t, gemeente, 2022, [{ code: '2.3.1', naam: 'Toegang jeugdhulp', programma: '2.3' }]);
    await stelReserveIn(t, gemeente, 'RES-HERSTEL', '1500000.00');
    await stelReserveIn(t, gemeente, 'RES-PROJ', '1000000.00');
    await t.as(['beheerder'], ['*'])
      .post(`/api/v1/gemeenten/${gemeente}/kredieten`, { code: 'KR-PROEFTUIN', naam: 'Proeftuin Jeugd', doel: '2.3.1', omvang: '875000.00', besluit: besluit('2021-11-08', 'Begroting 2022') })
      .expect(201);
    return gemeente;
  }

  const importeer = (rollen: ('controller' | 'accountant' | 'auditor')[], gemeente: string, query: string, csv: string) =>
    t.http().post(`/api/v1/gemeenten/${gemeente}/begrotingen/2022/importen?${query}`).set('Authorization', `Bearer ${t.token(rollen, [gemeente])}`).set('Content-Type', 'text/csv').send(csv);

  it('given seed 004 registrations, when its walk is imported from Dutch CSV files, then the overzicht is the golden table to the cent', async () => {
    // given
    const gemeente = await gegeven();
    const base = `/api/v1/gemeenten/${gemeente}/begrotingen/2022`;

    // when: the budget, two amendments and the realisation as spreadsheets print them; the project mutation and reserve mutations as JSON
    await importeer(['controller'], gemeente, 'soort=vaststelling&besluitDatum=2021-11-08&besluitOrgaan=raad&kenmerk=Begroting%202022', '\uFEFFdoel;kolom;bedrag;reserve\n2.3.1;lasten;2.852.268,00;\n2.3.1;baten;0;\n').expect(201);
    await importeer(['controller'], gemeente, 'soort=wijziging&kenmerk=Voorjaarsnota%202022&besluitDatum=2022-07-07&besluitOrgaan=raad&titel=Sociaal%20herstelplan&budgettairNeutraal=true&aard=incidenteel',
      'doel;kolom;bedrag;reserve\n2.3.1;lasten;292.500;\n2.3.1;onttrekkingReserves;292.500;RES-HERSTEL\n').expect(201);
    await importeer(['controller'], gemeente, 'soort=wijziging&kenmerk=Najaarsnota%202022&besluitDatum=2022-11-10&besluitOrgaan=raad&titel=Bijstelling&budgettairNeutraal=false&aard=incidenteel',
      'doel;kolom;bedrag\n2.3.1;lasten;(1.184.176)\n').expect(201);
    await t.as(['controller'], [gemeente]).post(`${base}/projectmutaties`, { krediet: 'KR-PROEFTUIN', doel: '2.3.1', bedrag: '234989.00', reserve: 'RES-PROJ', datum: '2022-12-31' }).expect(201);
    await importeer(['accountant'], gemeente, 'soort=realisatie&datum=2022-12-31&kenmerk=Jaarrekening%202022', 'doel;kolom;bedrag\n2.3.1;lasten;1961775.00\n').expect(201);
    const accountant = t.as(['accountant'], [gemeente]);
    await accountant.post(`${base}/reservemutaties`, { reserve: 'RES-PROJ', doel: '2.3.1', soort: 'onttrekking', bedrag: '234989.00', datum: '2022-12-31' }).expect(201);
    await accountant.post(`${base}/reservemutaties`, { reserve: 'RES-HERSTEL', doel: '2.3.1', soort: 'onttrekking', bedrag: '104807.00', datum: '2022-12-31' }).expect(201);

    // then
    const { body } = await t.as(['auditor'], [gemeente]).get(`${base}/doelen/2.3.1/overzicht`).expect(200);
    const kolommen = (lasten: string, onttrekking: string) => ({ lasten, baten: '0.00', toevoegingReserves: '0.00', onttrekkingReserves: onttrekking });
    expect(body.lagen).toEqual({
      vastgesteldeBegroting: kolommen('2852268.00', '0.00'),
      mutatiesProjecten: kolommen('234989.00', '234989.00'),
      begrotingswijzigingen: kolommen('-891676.00', '292500.00'),
      begrotingNaWijziging: kolommen('2195581.00', '527489.00'),
      jaarrekening: kolommen('1961775.00', '339796.00'),
      resultaat: kolommen('233806.00', '-187693.00'),
    });
    expect(body.saldo).toBe('46113.00');
  });

  it('given a file with one bad amount (1.234,567), when it is imported, then 400 naming row and column, and nothing is written', async () => {
    const gemeente = await gegeven();
    const voor = await t.eventCount(gemeente);

    const antwoord = await importeer(['controller'], gemeente, 'soort=vaststelling&besluitDatum=2021-11-08&besluitOrgaan=raad', 'doel;kolom;bedrag\n2.3.1;lasten;100,00\n2.3.1;baten;1.234,567\n');

    expect(antwoord.status).toBe(400);
    expect(antwoord.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(antwoord.body.fouten).toEqual([{ veld: 'rij 3, kolom bedrag (C)', melding: expect.stringMatching(/meer dan twee decimalen/) }]);
    expect(await t.eventCount(gemeente)).toBe(voor);
  });

  it('given a file naming an unknown doel on row 3, when it is imported, then 422 naming row 3 and the doel column, and nothing is written', async () => {
    const gemeente = await gegeven();
    const voor = await t.eventCount(gemeente);

    const antwoord = await importeer(['controller'], gemeente, 'soort=vaststelling&besluitDatum=2021-11-08&besluitOrgaan=raad', 'doel;kolom;bedrag\n2.3.1;lasten;100,00\n9.9.9;lasten;5,00\n');

    expect(antwoord.status).toBe(422);
    expect(antwoord.body.code).toBe('BEGROTING.DOEL_ONBEKEND');
    expect(antwoord.body.fouten).toEqual([{ veld: 'rij 3, kolom doel', melding: expect.stringMatching(/9\.9\.9/) }]);
    expect(antwoord.body.detail).toMatch(/rij 3, kolom doel/);
    expect(await t.eventCount(gemeente)).toBe(voor);
  });

  it('given a realisatie file sent by a controller, or a JSON body, then 403 naming the role and 400 naming the media type', async () => {
    const gemeente = await gegeven();

    const rol = await importeer(['controller'], gemeente, 'soort=realisatie&datum=2022-12-31', 'doel;kolom;bedrag\n2.3.1;lasten;1\n');
    const json = await t.as(['accountant'], [gemeente]).post(`/api/v1/gemeenten/${gemeente}/begrotingen/2022/importen?soort=realisatie&datum=2022-12-31`, { regels: [] });

    expect(rol.status).toBe(403);
    expect(rol.body.detail).toMatch(/accountant/);
    expect(json.status).toBe(400);
    expect(json.body.code).toBe('IMPORT.MEDIATYPE');
  });

  async function xlsx(rijen: unknown[][]): Promise<Buffer> {
    const werkmap = new ExcelJS.Workbook();
    const blad = werkmap.addWorksheet('Boekingen');
    for (const rij of rijen) blad.addRow(rij);
    return Buffer.from(await werkmap.xlsx.writeBuffer());
  }
  const importeerXlsx = (rollen: ('controller' | 'accountant')[], gemeente: string, query: string, bestand: Buffer) =>
    t.http().post(`/api/v1/gemeenten/${gemeente}/begrotingen/2022/importen?${query}`).set('Authorization', `Bearer ${t.token(rollen, [gemeente])}`).set('Content-Type', XLSX_MEDIA_TYPE).send(bestand);
  const VASTSTELLING = 'soort=vaststelling&besluitDatum=2021-11-08&besluitOrgaan=raad&kenmerk=Begroting%202022';
  const base = (gemeente: string) => `/api/v1/gemeenten/${gemeente}/begrotingen/2022`;

  it('given an XLSX workbook with numbers and Dutch text amounts, when imported as vaststelling and realisatie, then the overzicht shows exactly those amounts', async () => {
    const gemeente = await gegeven();

    await importeerXlsx(['controller'], gemeente, VASTSTELLING, await xlsx([['doel', 'kolom', 'bedrag'], ['2.3.1', 'lasten', 2852268], ['2.3.1', 'baten', '0,00']])).expect(201);
    await importeerXlsx(['accountant'], gemeente, 'soort=realisatie&datum=2022-12-31', await xlsx([['Doel', 'Kolom', 'Bedrag'], ['2.3.1', 'lasten', 1961775.01], ['2.3.1', 'baten', '(12,30)']])).expect(201);

    const { body } = await t.as(['auditor'], [gemeente]).get(`${base(gemeente)}/doelen/2.3.1/overzicht`).expect(200);
    expect(body.lagen.vastgesteldeBegroting.lasten).toBe('2852268.00');
    expect(body.lagen.jaarrekening).toMatchObject({ lasten: '1961775.01', baten: '-12.30' });
  });

  it('given an XLSX workbook with an unknown doel on row 4, when imported, then 422 naming row 4 and nothing is written', async () => {
    const gemeente = await gegeven();
    await importeer(['controller'], gemeente, VASTSTELLING, 'doel;kolom;bedrag\n2.3.1;lasten;100\n').expect(201);
    const voor = await t.eventCount(gemeente);

    const antwoord = await importeerXlsx(['accountant'], gemeente, 'soort=realisatie&datum=2022-12-31', await xlsx([['doel', 'kolom', 'bedrag'], ['2.3.1', 'lasten', 1], ['2.3.1', 'lasten', 2], ['7.7.7', 'lasten', 3]]));

    expect(antwoord.status).toBe(422);
    expect(antwoord.body.fouten).toEqual([{ veld: 'rij 4, kolom doel', melding: expect.stringMatching(/7\.7\.7/) }]);
    expect(await t.eventCount(gemeente)).toBe(voor);
  });

  describe('a realisatie longer than one event holds', () => {
    const aantal = REALISATIE_REGELS_PER_EVENT * 2 + 1;
    const csvMet = (afwijking?: { rij: number; regel: string }) => {
      const regels = ['doel;kolom;bedrag'];
      for (let rij = 2; rij <= aantal + 1; rij++) regels.push(afwijking?.rij === rij ? afwijking.regel : `2.3.1;lasten;${rij % 2 === 0 ? '1,01' : '2'}`);
      return `${regels.join('\n')}\n`;
    };

    it(`given ${aantal} rows, when imported, then all are booked at once as 3 numbered parts and the total is exact`, async () => {
      const gemeente = await gegeven();
      await importeer(['controller'], gemeente, VASTSTELLING, 'doel;kolom;bedrag\n2.3.1;lasten;100\n').expect(201);
      const voor = await t.eventCount(gemeente);

      const antwoord = await importeer(['accountant'], gemeente, 'soort=realisatie&datum=2022-12-31&kenmerk=Grootboek%202022', csvMet());

      expect(antwoord.status).toBe(201);
      expect(await t.eventCount(gemeente)).toBe(voor + 3);
      const { body } = await t.as(['auditor'], [gemeente]).get(`${base(gemeente)}/doelen/2.3.1/overzicht`).expect(200);
      // rows 2, 4, … carry 1,01 and rows 3, 5, … carry 2: 5001 × 1.01 + 5000 × 2
      expect(body.lagen.jaarrekening.lasten).toBe('15051.01');
      const historie = await t.as(['auditor'], [gemeente]).get(`${base(gemeente)}/doelen/2.3.1/historie`).expect(200);
      const delen = historie.body.items.filter((item: { type: string }) => item.type === 'RealisatieGeboekt');
      expect(delen.map((item: { regels: unknown[] }) => item.regels.length)).toEqual([REALISATIE_REGELS_PER_EVENT, REALISATIE_REGELS_PER_EVENT, 1]);
    });

    it.each([
      ['an unknown doel in the third part', { rij: aantal, regel: '9.9.9;lasten;1' }, 422, `rij ${aantal}, kolom doel`],
      ['a column a realisatie cannot book in the second part', { rij: 7003, regel: '2.3.1;toevoegingReserves;1' }, 400, 'rij 7003, kolom kolom'],
      ['an amount with three decimals', { rij: 10_002, regel: '2.3.1;lasten;1,005' }, 400, 'rij 10002, kolom bedrag (C)'],
    ])('given %s, when imported, then the refusal names the row and column and nothing is written', async (_, afwijking, status, plaats) => {
      const gemeente = await gegeven();
      await importeer(['controller'], gemeente, VASTSTELLING, 'doel;kolom;bedrag\n2.3.1;lasten;100\n').expect(201);
      const voor = await t.eventCount(gemeente);

      const antwoord = await importeer(['accountant'], gemeente, 'soort=realisatie&datum=2022-12-31', csvMet(afwijking));

      expect(antwoord.status).toBe(status);
      expect(antwoord.body.fouten[0].veld).toBe(plaats);
      expect(await t.eventCount(gemeente)).toBe(voor);
    });
  });

  it('given an import sent with an Idempotency-Key, when the same file is sent again with that key, then it is not booked twice, and another file with that key is refused', async () => {
    const gemeente = await gegeven();
    await importeer(['controller'], gemeente, VASTSTELLING, 'doel;kolom;bedrag\n2.3.1;lasten;100\n').expect(201);
    const stuur = (csv: string) =>
      t.http().post(`${base(gemeente)}/importen?soort=realisatie&datum=2022-12-31`).set('Authorization', `Bearer ${t.token(['accountant'], [gemeente])}`)
        .set('Content-Type', 'text/csv').set('Idempotency-Key', 'grootboek-2022-12').send(csv);

    const eerste = await stuur('doel;kolom;bedrag\n2.3.1;lasten;10\n').expect(201);
    const voor = await t.eventCount(gemeente);
    const herhaald = await stuur('doel;kolom;bedrag\n2.3.1;lasten;10\n').expect(201);
    const ander = await stuur('doel;kolom;bedrag\n2.3.1;lasten;11\n');

    expect(herhaald.headers['idempotent-replayed']).toBe('true');
    expect(herhaald.body.eventIds).toEqual(eerste.body.eventIds);
    expect(ander.status).toBe(422);
    expect(ander.body.code).toMatch(/IDEMPOTENCY/);
    expect(await t.eventCount(gemeente)).toBe(voor);
  });
});
