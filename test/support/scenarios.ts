import type { TestApp } from './test-app';

/** Given-steps through the public API, shared by the end-to-end specs. */
export const besluit = (datum: string, kenmerk?: string) => ({ datum, orgaan: 'raad', ...(kenmerk ? { kenmerk } : {}) });

export async function registreerGemeente(t: TestApp, gemeente: string, naam = 'Zwolle'): Promise<void> {
  await t.as(['beheerder'], ['*']).post('/api/v1/gemeenten', { code: gemeente, naam }).expect(201);
}

export async function legDoelenVast(t: TestApp, gemeente: string, jaar: number, doelen: { code: string; naam: string; programma?: string }[]): Promise<void> {
  const response = await t.as(['beheerder'], ['*']).put(`/api/v1/gemeenten/${gemeente}/begrotingen/${jaar}/doelen`, { doelen });
  if (response.status !== 201 && response.status !== 200) throw new Error(`doelen: ${response.status} ${JSON.stringify(response.body)}`);
}

export async function stelReserveIn(t: TestApp, gemeente: string, code: string, beginsaldo: string, peildatum = '2022-01-01'): Promise<void> {
  await t
    .as(['beheerder'], ['*'])
    .post(`/api/v1/gemeenten/${gemeente}/reserves`, { code, naam: `Reserve ${code}`, soort: 'bestemming', beginsaldo, peildatum })
    .expect(201);
}

export const vaststellingRegel = (doel: string, lasten: string, baten = '0.00', extra: Partial<{ toevoegingReserves: unknown[]; onttrekkingReserves: unknown[] }> = {}) => ({
  doel,
  lasten,
  baten,
  toevoegingReserves: [],
  onttrekkingReserves: [],
  ...extra,
});

/**
 * The seed 004 walk (Zwolle jaarrekening 2022, doel 2.3.1 Toegang jeugdhulp) up to, not including,
 * the toelichtingen and the jaarrekening. The split of the amendments and withdrawals follows the
 * fixture's stated assumptions; the totals are the published ones.
 */
export async function seed004Walk(t: TestApp, gemeente: string): Promise<void> {
  const beheerder = t.as(['beheerder'], ['*']);
  const controller = t.as(['controller'], [gemeente]);
  const accountant = t.as(['accountant'], [gemeente]);
  await registreerGemeente(t, gemeente);
  await legDoelenVast(t, gemeente, 2022, [{ code: '2.3.1', naam: 'Toegang jeugdhulp', programma: '2.3' }]);
  await stelReserveIn(t, gemeente, 'RES-HERSTEL', '1500000.00');
  await stelReserveIn(t, gemeente, 'RES-PROJ', '1000000.00');
  await beheerder
    .post(`/api/v1/gemeenten/${gemeente}/kredieten`, { code: 'KR-PROEFTUIN', naam: 'Proeftuin Jeugd', doel: '2.3.1', omvang: '875000.00', besluit: besluit('2021-11-08', 'Begroting 2022') })
    .expect(201);
  const base = `/api/v1/gemeenten/${gemeente}/begrotingen/2022`;
  await controller.post(`${base}/vaststelling`, { besluit: besluit('2021-11-08', 'Begroting 2022'), regels: [vaststellingRegel('2.3.1', '2852268.00')] }).expect(201);
  await controller
    .post(`${base}/wijzigingen`, {
      kenmerk: 'Voorjaarsnota 2022',
      besluit: besluit('2022-07-07'),
      onderdelen: [
        {
          titel: 'Sociaal herstelplan: jeugd en veiligheid',
          budgettairNeutraal: true,
          aard: 'incidenteel',
          regels: [
            { doel: '2.3.1', kolom: 'lasten', bedrag: '292500.00' },
            { doel: '2.3.1', kolom: 'onttrekkingReserves', bedrag: '292500.00', reserve: 'RES-HERSTEL' },
          ],
        },
      ],
    })
    .expect(201);
  await controller
    .post(`${base}/wijzigingen`, {
      kenmerk: 'Najaarsnota 2022',
      besluit: besluit('2022-11-10'),
      onderdelen: [{ titel: 'Bijstelling toegang jeugdhulp', budgettairNeutraal: false, aard: 'incidenteel', regels: [{ doel: '2.3.1', kolom: 'lasten', bedrag: '-1184176.00' }] }],
    })
    .expect(201);
  await controller.post(`${base}/projectmutaties`, { krediet: 'KR-PROEFTUIN', doel: '2.3.1', bedrag: '234989.00', reserve: 'RES-PROJ', datum: '2022-12-31' }).expect(201);
  await accountant.post(`${base}/realisaties`, { datum: '2022-12-31', kenmerk: 'Jaarrekening 2022', regels: [{ doel: '2.3.1', kolom: 'lasten', bedrag: '1961775.00' }] }).expect(201);
  await accountant.post(`${base}/reservemutaties`, { reserve: 'RES-PROJ', doel: '2.3.1', soort: 'onttrekking', bedrag: '234989.00', datum: '2022-12-31' }).expect(201);
  await accountant.post(`${base}/reservemutaties`, { reserve: 'RES-HERSTEL', doel: '2.3.1', soort: 'onttrekking', bedrag: '104807.00', datum: '2022-12-31' }).expect(201);
}
