import { foldGrootboek } from '../grootboek.fold';
import { given } from '../testing/recorded-events.builder';
import { GM, lichtToeEnSluit, zwolle2022ToegangJeugdhulp } from '../testing/zwolle-2022.scenario';
import { verschillenanalyse } from './verschillenanalyse.fold';

const vaststelling = (jaar: number, regels: { doel: string; lasten: string; baten?: string }[]) =>
  ({
    type: 'BegrotingVastgesteld',
    data: {
      jaar,
      besluit: { datum: `${jaar - 1}-11-08`, orgaan: 'raad', kenmerk: `Begroting ${jaar}` },
      regels: regels.map((regel) => ({ doel: regel.doel, lasten: regel.lasten, baten: regel.baten ?? '0.00', toevoegingReserves: [], onttrekkingReserves: [] })),
    },
  }) as const;

describe('verschillenanalyse', () => {
  it('given the golden log without explanations, when analysed with the default threshold, then 233.806 and −187.693 both need a toelichting', () => {
    const analyse = verschillenanalyse(foldGrootboek(zwolle2022ToegangJeugdhulp().events), GM, 2022);

    expect(analyse.drempel).toEqual({ bedrag: '100000.00', percentage: null });
    expect(analyse.doelen).toHaveLength(1);
    const [doel] = analyse.doelen;
    expect(doel.doel).toEqual({ code: '2.3.1', naam: 'Toegang jeugdhulp', programma: '2.3' });
    expect(doel.saldo).toBe('46113.00');
    expect(doel.kolommen.lasten).toEqual({
      begroot: '2195581.00',
      realisatie: '1961775.00',
      verschil: '233806.00',
      percentage: '10.6',
      oordeel: 'voordelig',
      toelichtingVereist: true,
      toelichting: null,
    });
    expect(doel.kolommen.onttrekkingReserves).toEqual({
      begroot: '527489.00',
      realisatie: '339796.00',
      verschil: '-187693.00',
      percentage: '-35.6',
      oordeel: 'nadelig',
      toelichtingVereist: true,
      toelichting: null,
    });
    expect(doel.kolommen.baten).toEqual({
      begroot: '0.00',
      realisatie: '0.00',
      verschil: '0.00',
      percentage: null,
      oordeel: 'neutraal',
      toelichtingVereist: false,
      toelichting: null,
    });
    expect(doel.signalen).toEqual(['toelichtingOntbreekt']);
    expect(analyse.programmas).toEqual([{ programma: '2.3', kolommen: expect.any(Object), saldo: '46113.00', signalen: [] }]);
    expect(analyse.totaal.saldo).toBe('46113.00');
    expect(analyse.totaal.kolommen.lasten).toEqual({ begroot: '2195581.00', realisatie: '1961775.00', verschil: '233806.00', percentage: '10.6', oordeel: 'voordelig' });
  });

  it('given both explanations, when analysed, then the texts show and toelichtingOntbreekt is gone', () => {
    const analyse = verschillenanalyse(foldGrootboek(lichtToeEnSluit(zwolle2022ToegangJeugdhulp()).events), GM, 2022);

    const [doel] = analyse.doelen;
    expect(doel.kolommen.lasten.toelichting).toContain('RSJ IJsselland');
    expect(doel.kolommen.onttrekkingReserves.toelichting).toContain('Niet benutte capaciteit');
    expect(doel.signalen).toEqual([]);
  });

  it('given a newer explanation and one for the doel as a whole, when analysed, then the newest per kolom shows and the doel-wide one fills the rest', () => {
    const log = zwolle2022ToegangJeugdhulp();
    log.add({ type: 'VerschilToegelicht', data: { jaar: 2022, doel: '2.3.1', kolom: 'lasten', tekst: 'eerste' } }, { datum: '2023-03-01' });
    log.add({ type: 'VerschilToegelicht', data: { jaar: 2022, doel: '2.3.1', kolom: 'lasten', tekst: 'tweede' } }, { datum: '2023-03-02' });
    log.add({ type: 'VerschilToegelicht', data: { jaar: 2022, doel: '2.3.1', tekst: 'over het hele doel' } }, { datum: '2023-03-03' });

    const [doel] = verschillenanalyse(foldGrootboek(log.events), GM, 2022).doelen;

    expect(doel.kolommen.lasten.toelichting).toBe('tweede');
    expect(doel.kolommen.onttrekkingReserves.toelichting).toBe('over het hele doel');
    expect(doel.signalen).not.toContain('toelichtingOntbreekt');
  });

  it('given overridden thresholds, when analysed, then the amount threshold and the percentage threshold apply as asked', () => {
    const grootboek = foldGrootboek(zwolle2022ToegangJeugdhulp().events);

    const hoog = verschillenanalyse(grootboek, GM, 2022, { drempelBedrag: '250000.00' });
    expect(hoog.drempel).toEqual({ bedrag: '250000.00', percentage: null });
    expect(hoog.doelen[0].kolommen.lasten.toelichtingVereist).toBe(false);
    expect(hoog.doelen[0].kolommen.onttrekkingReserves.toelichtingVereist).toBe(false);
    expect(hoog.doelen[0].signalen).toEqual([]);

    // 10.6 % ≥ 10.6 % at the displayed precision; 35.6 % as well.
    const procent = verschillenanalyse(grootboek, GM, 2022, { drempelBedrag: '250000.00', drempelPercentage: '10.6' });
    expect(procent.drempel.percentage).toBe('10.6');
    expect(procent.doelen[0].kolommen.lasten.toelichtingVereist).toBe(true);
    expect(procent.doelen[0].kolommen.onttrekkingReserves.toelichtingVereist).toBe(true);

    const net = verschillenanalyse(grootboek, GM, 2022, { drempelBedrag: '250000.00', drempelPercentage: '10.7' });
    expect(net.doelen[0].kolommen.lasten.toelichtingVereist).toBe(false);
    expect(net.doelen[0].kolommen.onttrekkingReserves.toelichtingVereist).toBe(true);
  });

  it('given the gemeente set a percentage threshold and the request switches it off, when analysed, then only the amount counts', () => {
    const log = zwolle2022ToegangJeugdhulp();
    log.add({ type: 'InstellingenGewijzigd', data: { drempelBedrag: '250000.00', drempelPercentage: '5' } }, { datum: '2022-01-01' });
    const grootboek = foldGrootboek(log.events);

    expect(verschillenanalyse(grootboek, GM, 2022).doelen[0].kolommen.lasten.toelichtingVereist).toBe(true);
    expect(verschillenanalyse(grootboek, GM, 2022, { drempelPercentage: null }).doelen[0].kolommen.lasten.toelichtingVereist).toBe(false);
  });

  it('given a zero variance and a zero threshold, when analysed, then no toelichting is required', () => {
    const [doel] = verschillenanalyse(foldGrootboek(zwolle2022ToegangJeugdhulp().events), GM, 2022, { drempelBedrag: '0.00' }).doelen;

    expect(doel.kolommen.baten.toelichtingVereist).toBe(false);
    expect(doel.kolommen.lasten.toelichtingVereist).toBe(true);
  });

  it('given overspending, a krediet overrun, an unbudgeted withdrawal and a balance difference, when analysed, then each is signalled', () => {
    const log = zwolle2022ToegangJeugdhulp();
    log.add({ type: 'RealisatieGeboekt', data: { jaar: 2022, regels: [{ doel: '2.3.1', kolom: 'lasten', bedrag: '300000.00' }] } }, { datum: '2022-12-31' });
    log.add({ type: 'ProjectmutatieGeboekt', data: { jaar: 2022, krediet: 'KR-PROEFTUIN', doel: '2.3.1', bedrag: '700000.00' } }, { datum: '2022-12-31' });
    log.add({ type: 'ReservemutatieGeboekt', data: { jaar: 2022, reserve: 'RES-PROJ', doel: '2.3.1', soort: 'onttrekking', bedrag: '1.00' } }, { datum: '2022-12-31' });
    log.add({ type: 'ReservesaldoVolgensBalansVastgelegd', data: { reserve: 'RES-HERSTEL', datum: '2022-12-31', saldo: '1395000.00' } }, { datum: '2022-12-31' });

    const [doel] = verschillenanalyse(foldGrootboek(log.events), GM, 2022).doelen;

    // No overschrijding: the project mutation raised begroot lasten to 2.895.581, above the 2.261.775 realised.
    // The withdrawal from RES-PROJ (234.990) exceeds its own budget (234.989) although the doel's total does not.
    expect(doel.signalen).toEqual(['toelichtingOntbreekt', 'kredietoverschrijding', 'onttrekkingBovenBegroot', 'verschilMetBalans']);
  });

  it('given realised lasten above begroting na wijziging, when analysed, then overschrijding is signalled on the doel and its programma', () => {
    const log = zwolle2022ToegangJeugdhulp();
    log.add({ type: 'RealisatieGeboekt', data: { jaar: 2022, regels: [{ doel: '2.3.1', kolom: 'lasten', bedrag: '233806.01' }] } }, { datum: '2022-12-31' });

    const analyse = verschillenanalyse(foldGrootboek(log.events), GM, 2022);

    expect(analyse.doelen[0].kolommen.lasten).toMatchObject({ verschil: '-0.01', oordeel: 'nadelig', percentage: '0.0' });
    expect(analyse.doelen[0].signalen).toContain('overschrijding');
    expect(analyse.programmas[0].signalen).toEqual(['overschrijding']);
  });

  it('given several doelen and programmas, when analysed, then doelen and programmas are in natural code order and summed per programma', () => {
    const log = given(GM);
    log.add(
      {
        type: 'DoelenVastgelegd',
        data: {
          jaar: 2022,
          doelen: [
            { code: '10.1.1', naam: 'Algemene uitkering gemeentefonds', programma: '10.1' },
            { code: '2.3.2', naam: 'Doel 2.3.2', programma: '2.3' },
            { code: '2.3.1', naam: 'Toegang jeugdhulp', programma: '2.3' },
          ],
        },
      },
      { datum: '2026-11-22' },
    );
    log.add(vaststelling(2022, [{ doel: '2.3.1', lasten: '100.00' }, { doel: '2.3.2', lasten: '200.00' }, { doel: '10.1.1', lasten: '0.00', baten: '1000.00' }]), { datum: '2021-11-08' });
    log.add({ type: 'RealisatieGeboekt', data: { jaar: 2022, regels: [{ doel: '2.3.1', kolom: 'lasten', bedrag: '150.00' }, { doel: '2.3.2', kolom: 'lasten', bedrag: '100.00' }] } }, { datum: '2022-12-31' });

    const analyse = verschillenanalyse(foldGrootboek(log.events), GM, 2022);

    expect(analyse.doelen.map((doel) => doel.doel.code)).toEqual(['2.3.1', '2.3.2', '10.1.1']);
    expect(analyse.doelen[0].signalen).toEqual(['overschrijding']);
    expect(analyse.programmas.map((programma) => programma.programma)).toEqual(['2.3', '10.1']);
    // Programma 2.3: 300 budgeted, 250 realised: an overrun on one doel is compensated within the programma.
    expect(analyse.programmas[0].kolommen.lasten).toEqual({ begroot: '300.00', realisatie: '250.00', verschil: '50.00', percentage: '16.7', oordeel: 'voordelig' });
    expect(analyse.programmas[0].signalen).toEqual([]);
    expect(analyse.programmas[1].kolommen.baten).toMatchObject({ verschil: '-1000.00', percentage: '-100.0', oordeel: 'nadelig' });
    expect(analyse.totaal.saldo).toBe('-950.00');
  });
});
