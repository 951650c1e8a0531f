import { given, type RecordedEventsBuilder } from './recorded-events.builder';

/**
 * The golden example (seed 004, Zwolle jaarrekening 2022, doel 2.3.1 Toegang jeugdhulp) as the
 * fixture `zwolle-2022-toegang-jeugdhulp.json` replays it, up to and including the realisation.
 * Registration facts carry the date they were typed in (2026), as in real use, so the as-of rules
 * for registration facts are exercised too.
 */
export const GM = 'GM0193';
export const VANDAAG = '2026-11-22';

export function zwolle2022ToegangJeugdhulp(): RecordedEventsBuilder {
  const log = given(GM);
  log.add({ type: 'GemeenteGeregistreerd', data: { gemeente: GM, naam: 'Zwolle' } }, { datum: VANDAAG });
  log.add(
    { type: 'DoelenVastgelegd', data: { jaar: 2022, doelen: [{ code: '2.3.1', naam: 'Toegang jeugdhulp', programma: '2.3' }] } },
    { datum: VANDAAG },
  );
  log.add(
    {
      type: 'ReserveIngesteld',
      data: { reserve: 'RES-HERSTEL', naam: 'Reserve sociaal herstelplan', soort: 'bestemming', beginsaldo: '1500000.00', peildatum: '2022-01-01' },
    },
    { datum: VANDAAG },
  );
  log.add(
    {
      type: 'ReserveIngesteld',
      data: { reserve: 'RES-PROJ', naam: 'Reserve projecten sociaal domein', soort: 'bestemming', beginsaldo: '1000000.00', peildatum: '2022-01-01' },
    },
    { datum: VANDAAG },
  );
  const begroting2022 = { datum: '2021-11-08', orgaan: 'raad' as const, kenmerk: 'Begroting 2022' };
  log.add(
    { type: 'KredietVerleend', data: { krediet: 'KR-PROEFTUIN', naam: 'Proeftuin Jeugd', doel: '2.3.1', omvang: '875000.00', besluit: begroting2022 } },
    { datum: '2021-11-08' },
  );
  log.add(
    {
      type: 'BegrotingVastgesteld',
      data: {
        jaar: 2022,
        besluit: begroting2022,
        regels: [{ doel: '2.3.1', lasten: '2852268.00', baten: '0.00', toevoegingReserves: [], onttrekkingReserves: [] }],
      },
    },
    { datum: '2021-11-08' },
  );
  log.add(
    {
      type: 'BegrotingswijzigingVastgesteld',
      data: {
        jaar: 2022,
        kenmerk: 'Voorjaarsnota 2022',
        besluit: { datum: '2022-07-07', orgaan: 'raad' },
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
      },
    },
    { datum: '2022-07-07' },
  );
  log.add(
    {
      type: 'BegrotingswijzigingVastgesteld',
      data: {
        jaar: 2022,
        kenmerk: 'Najaarsnota 2022',
        besluit: { datum: '2022-11-10', orgaan: 'raad' },
        onderdelen: [
          {
            titel: 'Bijstelling toegang jeugdhulp',
            budgettairNeutraal: false,
            aard: 'incidenteel',
            regels: [{ doel: '2.3.1', kolom: 'lasten', bedrag: '-1184176.00' }],
          },
        ],
      },
    },
    { datum: '2022-11-10' },
  );
  log.add(
    { type: 'ProjectmutatieGeboekt', data: { jaar: 2022, krediet: 'KR-PROEFTUIN', doel: '2.3.1', bedrag: '234989.00', reserve: 'RES-PROJ' } },
    { datum: '2022-12-31' },
  );
  log.add(
    { type: 'RealisatieGeboekt', data: { jaar: 2022, kenmerk: 'Jaarrekening 2022', regels: [{ doel: '2.3.1', kolom: 'lasten', bedrag: '1961775.00' }] } },
    { datum: '2022-12-31', actor: { subject: 'accountant-1', rol: 'accountant' } },
  );
  log.add(
    { type: 'ReservemutatieGeboekt', data: { jaar: 2022, reserve: 'RES-PROJ', doel: '2.3.1', soort: 'onttrekking', bedrag: '234989.00' } },
    { datum: '2022-12-31', actor: { subject: 'accountant-1', rol: 'accountant' } },
  );
  log.add(
    { type: 'ReservemutatieGeboekt', data: { jaar: 2022, reserve: 'RES-HERSTEL', doel: '2.3.1', soort: 'onttrekking', bedrag: '104807.00' } },
    { datum: '2022-12-31', actor: { subject: 'accountant-1', rol: 'accountant' } },
  );
  return log;
}

/** The two explanations and the closing of the year that follow in the fixture. */
export function lichtToeEnSluit(log: RecordedEventsBuilder): RecordedEventsBuilder {
  log.add(
    {
      type: 'VerschilToegelicht',
      data: {
        jaar: 2022,
        doel: '2.3.1',
        kolom: 'lasten',
        tekst:
          'RSJ IJsselland werkte kosteneffectiever (afgerond 46.000) en de capaciteit jeugd en veiligheid uit het sociaal herstelplan is niet volledig benut (afgerond 188.000).',
      },
    },
    { datum: '2023-03-01' },
  );
  log.add(
    {
      type: 'VerschilToegelicht',
      data: { jaar: 2022, doel: '2.3.1', kolom: 'onttrekkingReserves', tekst: 'Niet benutte capaciteit is niet onttrokken aan de reserve sociaal herstelplan.' },
    },
    { datum: '2023-03-01' },
  );
  const besluit = { datum: '2023-07-06', orgaan: 'raad' as const, kenmerk: 'Jaarrekening 2022' };
  log.add({ type: 'JaarrekeningVastgesteld', data: { jaar: 2022, besluit } }, { datum: '2023-07-06' });
  return log;
}
