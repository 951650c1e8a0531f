import Big from 'big.js';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { XLSX_MEDIA_TYPE } from '../../src/exchange/xlsx';
import { bedragUitExcelGetal } from '../../src/exchange/werkmap';
import { seed004Walk } from '../support/scenarios';
import { type TestApp, freshGemeente, startTestApp } from '../support/test-app';

/**
 * Exports (API.md: "Reports export to CSV and XLSX with the same numbers as the JSON"). Each report is
 * exported as XLSX, read back with a spreadsheet reader and compared with its JSON answer, cell by cell,
 * by the labels of the published documents; the CSV carries the same numbers with decimal commas.
 */
type Cel = string | number | null;

/** Every row of every sheet, cells as values (amounts as the ledger's decimal strings). */
async function leesWerkmap(inhoud: Buffer): Promise<Map<string, Cel[][]>> {
  const boek = new ExcelJS.Workbook();
  await boek.xlsx.load(new Uint8Array(inhoud).buffer);
  const bladen = new Map<string, Cel[][]>();
  boek.eachSheet((blad) => {
    const rijen: Cel[][] = [];
    blad.eachRow({ includeEmpty: true }, (rij) => {
      const cellen: Cel[] = [];
      for (let kolom = 1; kolom <= blad.columnCount; kolom++) {
        const cel = rij.getCell(kolom);
        const waarde = cel.value as Cel;
        // Amount cells carry the euro format; their doubles become decimal strings again.
        if (typeof waarde === 'number' && /€/.test(cel.numFmt ?? '')) cellen.push(bedragUitExcelGetal(waarde));
        else if (typeof waarde === 'number' && cel.numFmt === '0.0') cellen.push(new Big(String(waarde)).toFixed(1));
        else cellen.push(waarde ?? null);
      }
      rijen.push(cellen);
    });
    bladen.set(blad.name, rijen);
  });
  return bladen;
}

const binair = (response: Response, callback: (error: Error | null, body: Buffer) => void) => {
  const delen: Buffer[] = [];
  response.on('data', (deel: Buffer) => delen.push(deel));
  response.on('end', () => callback(null, Buffer.concat(delen)));
};

describe('export of every report to XLSX and CSV', () => {
  let t: TestApp;
  let gemeente: string;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp();
    gemeente = freshGemeente();
    await seed004Walk(t, gemeente);
    base = `/api/v1/gemeenten/${gemeente}`;
  });
  afterAll(async () => {
    await t.close();
  });

  const json = async (pad: string) => (await t.as(['auditor'], [gemeente]).get(pad).expect(200)).body;
  async function xlsx(pad: string): Promise<Map<string, Cel[][]>> {
    const scheiding = pad.includes('?') ? '&' : '?';
    const response = await t.http().get(`${pad}${scheiding}formaat=xlsx`).set('Authorization', `Bearer ${t.token(['auditor'], [gemeente])}`).buffer(true).parse(binair).expect(200);
    expect(response.headers['content-type']).toBe(XLSX_MEDIA_TYPE);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename=".+\.xlsx"$/);
    return leesWerkmap(response.body as Buffer);
  }
  const rij = (rijen: Cel[][], label: string) => rijen.find((cellen) => cellen[0] === label) ?? [];

  it('given the seed 004 walk, when the doeloverzicht is exported, then each row of the published table equals the JSON layers, and the kredieten too', async () => {
    const overzicht = await json(`${base}/begrotingen/2022/doelen/2.3.1/overzicht`);

    const bladen = await xlsx(`${base}/begrotingen/2022/doelen/2.3.1/overzicht`);

    const tabel = bladen.get('Doel 2.3.1') ?? [];
    expect(tabel[0]).toEqual(['Baten en lasten', 'Lasten', 'Baten', 'Toevoeging aan reserves', 'Onttrekking aan reserves', 'Saldo']);
    const kolommen = (laag: Record<string, string>) => [laag.lasten, laag.baten, laag.toevoegingReserves, laag.onttrekkingReserves];
    expect(rij(tabel, 'Vastgestelde begroting').slice(1, 5)).toEqual(kolommen(overzicht.lagen.vastgesteldeBegroting));
    expect(rij(tabel, '+ mutaties projecten').slice(1, 5)).toEqual(kolommen(overzicht.lagen.mutatiesProjecten));
    expect(rij(tabel, '+ begrotingswijzigingen').slice(1, 5)).toEqual(kolommen(overzicht.lagen.begrotingswijzigingen));
    expect(rij(tabel, 'Begroting t/m december').slice(1, 5)).toEqual(kolommen(overzicht.lagen.begrotingNaWijziging));
    expect(rij(tabel, '- Jaarrekening').slice(1, 5)).toEqual(kolommen(overzicht.lagen.jaarrekening));
    expect(rij(tabel, 'Resultaat doel Toegang jeugdhulp').slice(1, 5)).toEqual(kolommen(overzicht.lagen.resultaat));
    expect(rij(tabel, 'Saldo')[5]).toBe(overzicht.saldo);
    expect(overzicht.saldo).toBe('46113.00');
    const kredieten = bladen.get('Kredieten') ?? [];
    expect(kredieten[0]).toEqual(['Code', 'Project', 'Omvang krediet tot en met 2022', 'Gerealiseerd tot en met 2021', 'Bestedingen 2022', 'Restantkrediet 31 december 2022']);
    const [krediet] = overzicht.kredieten;
    expect(kredieten[1]).toEqual([krediet.code, krediet.naam, krediet.omvang, krediet.gerealiseerdTotVorigJaar, krediet.bestedingenDitJaar, krediet.restantkrediet]);
    expect(kredieten[2]).toEqual([null, 'Totaal', '875000.00', '0.00', '234989.00', '640011.00']);
  });

  it('when the verschillenanalyse is exported, then every doel, programma and total row equals the JSON', async () => {
    const analyse = await json(`${base}/begrotingen/2022/verschillenanalyse`);

    const [tabel] = [...(await xlsx(`${base}/begrotingen/2022/verschillenanalyse`)).values()];

    const labels: Record<string, string> = { Lasten: 'lasten', Baten: 'baten', 'Toevoeging aan reserves': 'toevoegingReserves', 'Onttrekking aan reserves': 'onttrekkingReserves' };
    const gelezen = tabel.slice(1);
    expect(gelezen).toHaveLength((analyse.doelen.length + analyse.programmas.length + 1) * 4);
    for (const cellen of gelezen) {
      const [niveau, programma, doel, , label, begroot, realisatie, verschil, oordeel, percentage] = cellen;
      const bron =
        niveau === 'doel'
          ? analyse.doelen.find((d: { doel: { code: string } }) => d.doel.code === doel).kolommen
          : niveau === 'programma'
            ? analyse.programmas.find((p: { programma: string }) => p.programma === programma).kolommen
            : analyse.totaal.kolommen;
      const kolom = bron[labels[label as string]];
      expect([begroot, realisatie, verschil, oordeel, percentage]).toEqual([kolom.begroot, kolom.realisatie, kolom.verschil, kolom.oordeel, kolom.percentage]);
    }
  });

  it('when the overzicht baten en lasten is exported, then doel, programma total and gemeente total equal the JSON', async () => {
    const overzicht = await json(`${base}/begrotingen/2022/overzicht-baten-en-lasten`);

    const [tabel] = [...(await xlsx(`${base}/begrotingen/2022/overzicht-baten-en-lasten`)).values()];

    expect(tabel[0]).toEqual(['Programma', 'Doel', 'Naam', 'Lasten', 'Baten', 'Saldo van baten en lasten', 'Toevoeging aan reserves', 'Onttrekking aan reserves', 'Geraamd resultaat']);
    const bedragen = (regel: Record<string, string>) => [regel.lasten, regel.baten, regel.saldoBatenEnLasten, regel.toevoegingReserves, regel.onttrekkingReserves, regel.geraamdResultaat];
    const [programma] = overzicht.programmas;
    expect(tabel[1]).toEqual([programma.programma, '2.3.1', 'Toegang jeugdhulp', ...bedragen(programma.doelen[0])]);
    expect(tabel[2]).toEqual([programma.programma, null, `Totaal programma ${programma.programma}`, ...bedragen(programma)]);
    expect(tabel[3]).toEqual([null, null, 'Totaal', ...bedragen(overzicht.totaal)]);
  });

  it('when a reservestaat is exported, then saldo begin, mutations, saldo eind and the per-doel lines equal the JSON', async () => {
    const staat = await json(`${base}/reserves/RES-HERSTEL/staat?jaar=2022`);

    const bladen = await xlsx(`${base}/reserves/RES-HERSTEL/staat?jaar=2022`);

    const tabel = bladen.get('Reserve RES-HERSTEL') ?? [];
    expect(rij(tabel, 'Saldo 1 januari 2022')[2]).toBe(staat.saldoBegin);
    expect(rij(tabel, 'Toevoegingen').slice(1)).toEqual([staat.toevoegingen.begroot, staat.toevoegingen.realisatie]);
    expect(rij(tabel, 'Onttrekkingen').slice(1)).toEqual([staat.onttrekkingen.begroot, staat.onttrekkingen.realisatie]);
    expect(rij(tabel, 'Saldo 31 december 2022')[2]).toBe(staat.saldoEind);
    expect(staat.saldoEind).toBe('1395193.00');
    const perDoel = bladen.get('Per doel') ?? [];
    expect(perDoel.slice(1)).toEqual(
      staat.perDoel.map((regel: { doel: { code: string; naam: string }; toevoegingen: Record<string, string>; onttrekkingen: Record<string, string> }) => [
        regel.doel.code, regel.doel.naam, regel.toevoegingen.begroot, regel.toevoegingen.realisatie, regel.onttrekkingen.begroot, regel.onttrekkingen.realisatie,
      ]),
    );
  });

  it.each([
    ['doel', '/begrotingen/2022/doelen/2.3.1/historie', (stand: { begrotingNaWijziging: Record<string, string>; jaarrekening: Record<string, string> }) => [
      ...['lasten', 'baten', 'toevoegingReserves', 'onttrekkingReserves'].map((kolom) => stand.begrotingNaWijziging[kolom]),
      ...['lasten', 'baten', 'toevoegingReserves', 'onttrekkingReserves'].map((kolom) => stand.jaarrekening[kolom]),
    ]],
    ['reserve', '/reserves/RES-PROJ/historie', (stand: { saldo: string; jaar: number | null; begroot: { toevoegingen: string; onttrekkingen: string } | null }) => [
      stand.saldo, stand.jaar, stand.begroot?.toevoegingen ?? null, stand.begroot?.onttrekkingen ?? null,
    ]],
    ['krediet', '/kredieten/KR-PROEFTUIN/historie', (stand: { omvang: string; besteed: string; restant: string }) => [stand.omvang, stand.besteed, stand.restant]],
  ] as [string, string, (stand: never) => unknown[]][])('when the %s history is exported, then its items come in positie order with the JSON stand after each', async (_, pad, stand) => {
    const historie = await json(`${base}${pad}`);

    const [tabel] = [...(await xlsx(`${base}${pad}`)).values()];

    expect(tabel[0].slice(0, 4)).toEqual(['Positie', 'Vastgelegd op', 'Datum', 'Soort']);
    const items = tabel.slice(1);
    expect(items.map((cellen) => [cellen[0], cellen[1], cellen[2], cellen[3], cellen[8]])).toEqual(
      historie.items.map((item: { positie: number; recordedAt: string; datum: string; type: string; eventId: string }) => [item.positie, item.recordedAt, item.datum, item.type, item.eventId]),
    );
    expect(items.map((cellen) => cellen.slice(9))).toEqual(historie.items.map((item: { stand: never }) => stand(item.stand)));
  });

  it('when a report is asked as CSV, then it carries the same numbers as the XLSX with decimal commas, and Accept chooses the format too', async () => {
    const pad = `${base}/begrotingen/2022/overzicht-baten-en-lasten`;
    const [tabel] = [...(await xlsx(pad)).values()];

    const csv = await t.http().get(pad).set('Authorization', `Bearer ${t.token(['auditor'], [gemeente])}`).set('Accept', 'text/csv').expect(200);
    const viaAccept = await t.http().get(pad).set('Authorization', `Bearer ${t.token(['auditor'], [gemeente])}`).set('Accept', XLSX_MEDIA_TYPE).buffer(true).parse(binair).expect(200);

    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const rijen = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n').map((regel) => regel.split(';'));
    expect(rijen.map((cellen) => cellen.map((cel) => cel.replace(',', '.')))).toEqual(tabel.map((cellen) => cellen.map((cel) => (cel === null ? '' : String(cel)))));
    expect(viaAccept.headers['content-type']).toBe(XLSX_MEDIA_TYPE);
  });

  it('when an export is asked as of a peildatum before the jaarrekening, then it shows the ledger as it was', async () => {
    const pad = `${base}/begrotingen/2022/doelen/2.3.1/overzicht?peildatum=2022-08-01`;
    const overzicht = await json(pad);

    const tabel = (await xlsx(pad)).get('Doel 2.3.1') ?? [];

    expect(rij(tabel, 'Begroting t/m december')[1]).toBe(overzicht.lagen.begrotingNaWijziging.lasten);
    expect(overzicht.lagen.begrotingNaWijziging.lasten).toBe('3144768.00');
    expect(rij(tabel, '- Jaarrekening')[1]).toBe('0.00');
  });
});
