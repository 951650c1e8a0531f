import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyToken } from '../../src/auth/tokens';
import { exitCodeVan, voerOpdrachtUit } from '../../src/cli/opdrachten';
import { bedragUitExcelGetal } from '../../src/exchange/werkmap';
import { seed004Walk } from '../support/scenarios';
import { type TestApp, freshGemeente, startTestApp } from '../support/test-app';

/**
 * The command line against the real service on a real port: import, export and verificatie go through
 * its HTTP API, token signs in-process. Output is read from stdout/stderr as a user would read it.
 */
describe('de opdrachtregel (begroot …)', () => {
  let t: TestApp;
  let url: string;
  let map: string;
  let gemeente: string;
  const env = { ...process.env };
  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/api/v1`;
    map = mkdtempSync(join(tmpdir(), 'begroot-cli-'));
    gemeente = freshGemeente();
    await seed004Walk(t, gemeente);
  });
  afterAll(async () => {
    process.env = env;
    rmSync(map, { recursive: true, force: true });
    await t.close();
  });

  /** Runs `begroot <argv>`; returns what it printed and its exit code. */
  async function begroot(argv: string[], rollen: Parameters<TestApp['token']>[0] = ['auditor']) {
    process.env.BEGROOT_URL = url;
    process.env.BEGROOT_TOKEN = t.token(rollen, [gemeente]);
    let stdout = '';
    let stderr = '';
    const uit = jest.spyOn(process.stdout, 'write').mockImplementation((tekst) => ((stdout += String(tekst)), true));
    const fout = jest.spyOn(process.stderr, 'write').mockImplementation((tekst) => ((stderr += String(tekst)), true));
    try {
      await voerOpdrachtUit(argv);
      return { stdout, stderr, code: 0 };
    } catch (error) {
      return { stdout, stderr: `${stderr}${error instanceof Error ? error.message : String(error)}`, code: exitCodeVan(error) };
    } finally {
      uit.mockRestore();
      fout.mockRestore();
    }
  }

  it('given a realisatie in an XLSX file, when imported twice, then it is booked once with progress shown, and the second run says so', async () => {
    const bestand = join(map, 'realisatie.xlsx');
    const werkmap = new ExcelJS.Workbook();
    const blad = werkmap.addWorksheet('Boekingen');
    blad.addRows([['doel', 'kolom', 'bedrag'], ['2.3.1', 'lasten', 1000.5], ['2.3.1', 'lasten', '-0,50']]);
    writeFileSync(bestand, Buffer.from(await werkmap.xlsx.writeBuffer()));
    const argv = ['import', '--gemeente', gemeente, '--jaar', '2022', '--soort', 'realisatie', '--bestand', bestand, '--datum', '2022-12-31', '--kenmerk', 'Suppletie'];
    const voor = await t.eventCount(gemeente);

    const eerste = await begroot(argv, ['accountant']);
    const tweede = await begroot(argv, ['accountant']);

    expect(eerste).toMatchObject({ code: 0, stdout: expect.stringMatching(/^geïmporteerd: 1 event/) });
    expect(eerste.stderr).toMatch(/100 % verstuurd/);
    expect(tweede).toMatchObject({ code: 0, stdout: expect.stringMatching(/al eerder geïmporteerd/) });
    expect(await t.eventCount(gemeente)).toBe(voor + 1);
    const { body } = await t.as(['auditor'], [gemeente]).get(`/api/v1/gemeenten/${gemeente}/begrotingen/2022/doelen/2.3.1/overzicht`).expect(200);
    expect(body.lagen.jaarrekening.lasten).toBe('1962775.00');
  });

  it('given a CSV file with a bad amount on row 3, when imported, then exit code 1, the row and column on stderr, and nothing written', async () => {
    const bestand = join(map, 'fout.csv');
    writeFileSync(bestand, 'doel;kolom;bedrag\n2.3.1;lasten;5\n2.3.1;lasten;1.234,567\n');
    const voor = await t.eventCount(gemeente);

    const uitslag = await begroot(['import', '--gemeente', gemeente, '--jaar', '2022', '--soort', 'realisatie', '--bestand', bestand, '--datum', '2022-12-31'], ['accountant']);

    expect(uitslag.code).toBe(1);
    expect(uitslag.stderr).toMatch(/400.*\n.*rij 3, kolom bedrag \(C\): .*meer dan twee decimalen/);
    expect(await t.eventCount(gemeente)).toBe(voor);
  });

  it('when the doeloverzicht is exported to a file, then the workbook holds the JSON saldo', async () => {
    const uit = join(map, 'doel.xlsx');

    const uitslag = await begroot(['export', '--gemeente', gemeente, '--rapport', 'doeloverzicht', '--jaar', '2022', '--doel', '2.3.1', '--uit', uit]);

    expect(uitslag.code).toBe(0);
    const { body } = await t.as(['auditor'], [gemeente]).get(`/api/v1/gemeenten/${gemeente}/begrotingen/2022/doelen/2.3.1/overzicht`).expect(200);
    const werkmap = new ExcelJS.Workbook();
    await werkmap.xlsx.load(new Uint8Array(readFileSync(uit)).buffer);
    const saldo = werkmap.getWorksheet('Doel 2.3.1')?.getRow(8).getCell(6).value as number;
    expect(bedragUitExcelGetal(saldo)).toBe(body.saldo);
  });

  it('when a report is exported without its required option, then exit code 2 naming the option', async () => {
    const uitslag = await begroot(['export', '--gemeente', gemeente, '--rapport', 'reservestaat', '--jaar', '2022']);
    expect(uitslag).toMatchObject({ code: 2, stderr: expect.stringMatching(/--reserve/) });
  });

  it('when the chain is verified, then the head hash is printed as the API gives it; with a wrong expected hash, exit code 1', async () => {
    const { body } = await t.as(['auditor'], [gemeente]).get(`/api/v1/verificatie?gemeente=${gemeente}`).expect(200);

    const goed = await begroot(['verificatie', '--gemeente', gemeente]);
    const fout = await begroot(['verificatie', '--gemeente', gemeente, '--totPositie', String(body.kopPositie), '--verwachteHash', 'a'.repeat(64)]);

    expect(goed).toMatchObject({ code: 0, stdout: expect.stringContaining(`kopHash ${body.kopHash}`) });
    expect(fout.code).toBe(1);
    expect(fout.stdout).toMatch(/KETEN GEBROKEN bij positie/);
  });

  it('when a token is asked, then it is signed for the roles and gemeente given, and an unknown opdracht exits with 2', async () => {
    process.env.LEDGER_JWT_SECRET = t.secret;

    const uitslag = await begroot(['token', '--rol', 'controller', '--gemeente', gemeente, '--sub', 'fin-42']);
    const onbekend = await begroot(['boek']);

    expect(verifyToken(t.secret, uitslag.stdout.trim())).toMatchObject({ subject: 'fin-42', rollen: ['controller'], gemeenten: [gemeente] });
    expect(onbekend).toMatchObject({ code: 2, stderr: expect.stringMatching(/onbekende opdracht "boek"/) });
  });

  it('when the service is not running, then it says so plainly', async () => {
    const uitslag = await begroot(['verificatie', '--url', 'http://127.0.0.1:1/api/v1']);
    expect(uitslag).toMatchObject({ code: 1, stderr: expect.stringMatching(/niet bereikbaar.*npm start/) });
  });
});
