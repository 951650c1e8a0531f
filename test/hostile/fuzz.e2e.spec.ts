import fc from 'fast-check';
import type { Response } from 'supertest';
import type { Rol } from '../../src/auth/principal';
import { besluit, legDoelenVast, registreerGemeente, stelReserveIn, vaststellingRegel } from '../support/scenarios';
import { type TestApp, freshGemeente, startTestApp } from '../support/test-app';

/**
 * Issue 5, item 1: property-based fuzzing of every write endpoint. Each endpoint gets a gemeente in the
 * state where its valid body is accepted; the fuzzer then sends at least POGINGEN_PER_EINDPUNT malformed
 * requests, mostly built by corrupting that valid body at random places, so that the input passes the
 * outer checks and reaches the deep ones (the domain's 409 and 422). Every corruption makes the request
 * certainly invalid on its own (a value that no rule accepts, a required field removed, an unknown field,
 * a name that does not exist), so a 2xx is always a bug. Afterwards the valid body itself is accepted,
 * so the fuzz cannot pass by a state that refuses everything.
 */
const POGINGEN_PER_EINDPUNT = 500;
/** The year every scenario books in; any other year of a begroting endpoint has no state at all. */
const JAAR = 2024;
/** One endpoint's run: 500 requests plus the rare shrink, well within this. */
const TIMEOUT_PER_EINDPUNT_MS = 120_000;

// ---------------------------------------------------------------------------------------------------
// JSON with raw fragments: numbers beyond a double, deep nesting and keys such as __proto__ must reach
// the service exactly as written, which JSON.stringify cannot do.

/** A piece of JSON text written as it is. */
class RauweJson {
  constructor(readonly tekst: string) {}
}
const rauw = (tekst: string) => new RauweJson(tekst);

function naarJson(waarde: unknown): string {
  if (waarde instanceof RauweJson) return waarde.tekst;
  if (Array.isArray(waarde)) return `[${waarde.map((element) => (element === undefined ? 'null' : naarJson(element))).join(',')}]`;
  if (waarde !== null && typeof waarde === 'object') {
    const object = waarde as Record<string, unknown>;
    const leden = Object.keys(object).filter((sleutel) => object[sleutel] !== undefined);
    return `{${leden.map((sleutel) => `${JSON.stringify(sleutel)}:${naarJson(object[sleutel])}`).join(',')}}`;
  }
  return JSON.stringify(waarde) ?? 'null';
}

const isObject = (waarde: unknown): waarde is Record<string, unknown> =>
  waarde !== null && typeof waarde === 'object' && !Array.isArray(waarde) && !(waarde instanceof RauweJson);

// ---------------------------------------------------------------------------------------------------
// The shape of each body, as the DTOs and the domain define it. `extra`: values that are well-formed but
// certainly refused further in (an unknown doel, a negative adopted amount, a date in another year).

type Veld =
  | { soort: 'bedrag'; extra?: fc.Arbitrary<unknown> }
  | { soort: 'datum'; extra?: fc.Arbitrary<unknown> }
  | { soort: 'code'; extra?: fc.Arbitrary<unknown> }
  | { soort: 'gemeentecode'; extra?: fc.Arbitrary<unknown> }
  | { soort: 'tekst'; max: number; extra?: fc.Arbitrary<unknown> }
  | { soort: 'keuze'; waarden: readonly string[] }
  | { soort: 'janee' }
  | { soort: 'percentage' }
  | { soort: 'lijst'; min: number; max: number; item: Veld; voorbeeld: unknown; uniek?: boolean }
  | { soort: 'object'; leden: Record<string, Lid> };

interface Lid {
  veld: Veld;
  verplicht: boolean;
  /** Documented as nullable (only `drempelPercentage`): null is then a valid value. */
  nullbaar?: boolean;
}

const verplicht = (veld: Veld): Lid => ({ veld, verplicht: true });
const optioneel = (veld: Veld, nullbaar = false): Lid => ({ veld, verplicht: false, nullbaar });
const object = (leden: Record<string, Lid>): Veld => ({ soort: 'object', leden });
const bedrag = (extra?: fc.Arbitrary<unknown>): Veld => ({ soort: 'bedrag', extra });
const datum = (extra?: fc.Arbitrary<unknown>): Veld => ({ soort: 'datum', extra });
const code = (extra?: fc.Arbitrary<unknown>): Veld => ({ soort: 'code', extra });
const tekst = (max: number, extra?: fc.Arbitrary<unknown>): Veld => ({ soort: 'tekst', max, extra });
const keuze = (waarden: readonly string[]): Veld => ({ soort: 'keuze', waarden });
const lijst = (item: Veld, voorbeeld: unknown, min: number, max: number, uniek = false): Veld => ({ soort: 'lijst', item, voorbeeld, min, max, uniek });

const KOLOMMEN = ['lasten', 'baten', 'toevoegingReserves', 'onttrekkingReserves'] as const;
const besluitVeld = object({ datum: verplicht(datum()), orgaan: verplicht(keuze(['raad', 'college'])), kenmerk: optioneel(tekst(200)) });

// ---------------------------------------------------------------------------------------------------
// Building blocks of malformed values.

const STUURTEKENS = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u000e', '\u001b', '\u001f', '\u007f'];
const LOSSE_SURROGATEN = ['\ud800', '\udbff', '\udc00', '\udfff'];
/** Characters that are valid in no code, amount, date or choice (no ASCII letter, digit, `.`, `-` or `_`). */
const VREEMDE_TEKENS = [
  ...STUURTEKENS,
  ...LOSSE_SURROGATEN,
  ' ', '\t', '\n', '\r', '\u00a0', '\u200b', '\u200f', '\u202e', '\u2028', '\ufeff', '\u0301',
  'é', 'ß', 'ı', '€', '😀', '\u{1F468}\u200D\u{1F469}', '１', '٣', '߀', 'Ω',
  "'", '"', ';', '/', '\\', '%', '<', '>', '*', '(', ')', ',', '+', '=', '$', '#', '@', '!', '?', '&', '|', '`', '~', '^', '{', '}', '[', ']', ':',
];
const SQL_TEKSTEN = [
  "'; DROP TABLE events; --",
  "' OR '1'='1",
  '1; DELETE FROM events',
  "Robert'); DROP TABLE events;--",
  '$$; TRUNCATE events CASCADE; $$',
  "x' UNION SELECT hash FROM events --",
  "%' OR 1=1 --",
  "0'; UPDATE events SET data = '{}' --",
  "'; SELECT pg_sleep(5); --",
];

const cijfers = (minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength });
const sql = fc.constantFrom(...SQL_TEKSTEN);

/**
 * What a text field refuses: a control character or a lone surrogate. Two lone surrogates put in side by
 * side can form a valid pair ("\udbff" then "\udfff" is U+10FFFF), which a text field rightly accepts
 * (seed 878148987 found one in a jaarrekening's kenmerk), so such a text is no malformed case.
 */
const ONGELDIGE_TEKST = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `basis` with one to three of `tekens` put in at random places. */
const metTekens = (basis: string, tekens: readonly string[]) =>
  fc.array(fc.tuple(fc.nat(), fc.constantFrom(...tekens)), { minLength: 1, maxLength: 3 }).map((invoegingen) => {
    let uitkomst = basis;
    for (const [plek, teken] of invoegingen) {
      const index = plek % (uitkomst.length + 1);
      uitkomst = uitkomst.slice(0, index) + teken + uitkomst.slice(index);
    }
    return uitkomst;
  });

/** Long strings: from 10,001 characters (longer than any text field allows) up to beyond the 1 MiB body limit. */
const enormeTekst = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.integer({ min: 10_001, max: 120_000 }), fc.constantFrom('x', 'é', '😀', '9', '\u0000', 'A.')).map(([n, teken]) => teken.repeat(n)) },
  { weight: 1, arbitrary: fc.constant('x'.repeat(1_100_000)) },
);

/** Deeply nested arrays or objects: shallow ones reach the field rules, deep ones the parser's and copier's limits. */
const diepGenest = fc
  .tuple(fc.oneof(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1_000, max: 60_000 })), fc.boolean())
  .map(([diepte, alsLijst]) => rauw(alsLijst ? '['.repeat(diepte) + ']'.repeat(diepte) : '{"a":'.repeat(diepte) + 'null' + '}'.repeat(diepte)));

/** JSON numbers, also those a double cannot hold. */
const jsonGetal = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(rauw('1e400'), rauw('-1e400'), rauw('12345678901234567890'), rauw('2852268.00'), rauw('1.234'), rauw('1E5'), rauw('-0'), rauw('0.1')),
);

/** Anything but a string, for the fields that hold text. */
const geenTekst = (basis: unknown) => fc.oneof(jsonGetal, fc.boolean(), fc.constantFrom<unknown>([], {}, [basis], { waarde: basis }));

const dagenIn = (jaar: number, maand: number) => new Date(Date.UTC(jaar, maand, 0)).getUTCDate();
const alsDatum = (jaar: number, maand: number, dag: number) => `${String(jaar).padStart(4, '0')}-${String(maand).padStart(2, '0')}-${String(dag).padStart(2, '0')}`;

/** Dates that do not exist (2023-02-30), in the wrong form, or outside 1900–2999. */
const onmogelijkeDatum = fc.oneof(
  fc.constantFrom(
    '2023-02-30', '2023-02-29', '2022-04-31', '2023-13-01', '2023-00-10', '2023-01-00', '2023-01-32', '2100-02-29', '1899-12-31', '3000-01-01', '0000-01-01', '9999-12-31',
    '2023-1-5', '20230105', '2023/01/05', '05-01-2023', '2023-01-05T00:00:00Z', '2023-01-05 ', ' 2023-01-05', '+2023-01-05', '2023-W01-1', '2023-001',
    'vandaag', '', '２０２３-０１-０５', '2023‐01‐05', '2023-01-05\n',
  ),
  fc.record({ jaar: fc.integer({ min: 1900, max: 2999 }), maand: fc.integer({ min: 1, max: 12 }) }).chain(({ jaar, maand }) => {
    const dagen = dagenIn(jaar, maand);
    return (dagen < 31 ? fc.integer({ min: dagen + 1, max: 31 }) : fc.integer({ min: 32, max: 99 })).map((dag) => alsDatum(jaar, maand, dag));
  }),
  fc
    .record({ jaar: fc.integer({ min: 1900, max: 2999 }), maand: fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 })), dag: fc.integer({ min: 1, max: 28 }) })
    .map(({ jaar, maand, dag }) => alsDatum(jaar, maand, dag)),
);

/** A real date in any year but `jaar` (refused where a booking must fall in its budget year). */
const datumBuitenJaar = (jaar: number) =>
  fc
    .integer({ min: 0, max: 1099 * 365 })
    .map((dagen) => new Date(Date.UTC(1900, 0, 1) + dagen * 86_400_000).toISOString().slice(0, 10))
    .filter((tekst) => tekst.slice(0, 4) !== String(jaar));

/** Well-formed codes that certainly name nothing: no scenario uses the prefix. */
const onbekendeCode = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEF'), minLength: 1, maxLength: 12 }).map((staart) => `ONBEKEND-${staart}`);

/** A negative amount with a correct form (refused where an amount may not be negative). */
const negatiefBedrag = fc.tuple(fc.integer({ min: 1, max: 999_999_999 }), fc.integer({ min: 0, max: 99 })).map(([centen, rest]) => {
  const euros = Math.floor(centen / 100);
  return rest % 2 === 0 ? `-${euros}.${String(centen % 100).padStart(2, '0')}` : `-${euros + 1}`;
});

/** A well-formed amount of at least `ondergrens` euro (whole euros, up to just below 10^13). */
const bedragVanaf = (ondergrens: number) => fc.integer({ min: ondergrens, max: 2_000_000_000 }).map((euros) => `${euros}.${String(euros % 100).padStart(2, '0')}`);

const hoofdletter = (tekst: string) => tekst.charAt(0).toUpperCase() + tekst.slice(1);
/** Cyrillic look-alikes of a, e and o. */
const homoglief = (tekst: string) => tekst.replace(/a/g, '\u0430').replace(/e/g, '\u0435').replace(/o/g, '\u043e');

/** A value that the field certainly refuses. `verplicht`: null counts (for an optional field only when it is not nullable). */
function ongeldigeWaarde(veld: Veld, basis: unknown, nullIsFout: boolean): fc.Arbitrary<unknown> {
  const algemeen: fc.WeightedArbitrary<unknown>[] = [{ weight: 1, arbitrary: diepGenest }];
  if (nullIsFout) algemeen.push({ weight: 1, arbitrary: fc.constant(null) });
  const tekstBasis = typeof basis === 'string' && basis.length > 0 ? basis : 'x';
  const met = (...eigen: fc.WeightedArbitrary<unknown>[]) => fc.oneof(...eigen, ...algemeen);
  const extra = 'extra' in veld && veld.extra ? [{ weight: 8, arbitrary: veld.extra }] : [];
  switch (veld.soort) {
    case 'bedrag':
      return met(
        { weight: 4, arbitrary: jsonGetal },
        { weight: 3, arbitrary: fc.tuple(fc.constantFrom('', '-'), cijfers(1, 6), fc.constantFrom('e', 'E', 'e+', 'e-', 'E-'), cijfers(1, 3)).map((delen) => delen.join('')) },
        { weight: 3, arbitrary: fc.tuple(fc.constantFrom('', '-'), cijfers(1, 13), cijfers(3, 8)).map(([teken, geheel, decimalen]) => `${teken}${geheel}.${decimalen}`) },
        { weight: 3, arbitrary: fc.tuple(fc.constantFrom('', '-'), cijfers(13, 40), fc.constantFrom('', '.00', '.5')).map(([teken, geheel, staart]) => `${teken}1${geheel}${staart}`) },
        {
          weight: 3,
          arbitrary: fc.constantFrom(
            '10000000000000', '10000000000000.00', '-10000000000000', '9999999999999.999', 'NaN', '-NaN', 'Infinity', '-Infinity', '', ' ', '1,00', '1.000,00',
            '+5', '.5', '5.', '-.5', '0x10', '0b1', '1_000', '--5', '-', '١٢٣', '１２３', '5 ', ' 5', '5\n', '1.0.0', '€ 5,00', 'null', 'true',
          ),
        },
        { weight: 2, arbitrary: metTekens(tekstBasis, VREEMDE_TEKENS) },
        { weight: 1, arbitrary: sql },
        { weight: 1, arbitrary: enormeTekst },
        { weight: 1, arbitrary: fc.constantFrom<unknown>(true, false, [], {}, [basis], { bedrag: basis }) },
        ...extra,
      );
    case 'datum':
      return met(
        { weight: 6, arbitrary: onmogelijkeDatum },
        { weight: 2, arbitrary: metTekens(tekstBasis, VREEMDE_TEKENS) },
        { weight: 1, arbitrary: sql },
        { weight: 1, arbitrary: enormeTekst },
        { weight: 2, arbitrary: fc.oneof(geenTekst(basis), fc.constant(rauw('20240105'))) },
        ...extra,
      );
    case 'code':
      return met(
        { weight: 1, arbitrary: fc.constant('') },
        { weight: 2, arbitrary: fc.integer({ min: 51, max: 400 }).map((lengte) => 'A'.repeat(lengte)) },
        { weight: 1, arbitrary: fc.constantFrom('.', '-', '_').map((begin) => begin + tekstBasis) },
        { weight: 3, arbitrary: metTekens(tekstBasis, VREEMDE_TEKENS) },
        { weight: 2, arbitrary: sql },
        { weight: 1, arbitrary: enormeTekst },
        { weight: 2, arbitrary: geenTekst(basis) },
        ...extra,
      );
    case 'gemeentecode':
      return met(
        { weight: 3, arbitrary: fc.constantFrom('gm0193', 'Gm0193', 'GM193', 'GM01930', 'XX0193', 'GM 0193', 'GM-0193', '', 'GM٠١٩٣', 'ＧＭ０１９３', 'GM0193\n', '*') },
        { weight: 3, arbitrary: metTekens(tekstBasis, VREEMDE_TEKENS) },
        { weight: 2, arbitrary: sql },
        { weight: 1, arbitrary: enormeTekst },
        { weight: 2, arbitrary: geenTekst(basis) },
        ...extra,
      );
    case 'tekst':
      return met(
        { weight: 2, arbitrary: fc.constantFrom('', ' ', '   ', '\t', '\n', '\r\n', ' \t\n ', '\u00a0') },
        { weight: 2, arbitrary: fc.integer({ min: 1, max: 300 }).map((teVeel) => 'x'.repeat(veld.max + teVeel)) },
        { weight: 3, arbitrary: metTekens(tekstBasis, [...STUURTEKENS, ...LOSSE_SURROGATEN]).filter((tekst) => ONGELDIGE_TEKST.test(tekst)) },
        { weight: 1, arbitrary: enormeTekst },
        { weight: 2, arbitrary: geenTekst(basis) },
        ...extra,
      );
    case 'keuze': {
      const varianten = fc
        .constantFrom(...veld.waarden)
        .chain((waarde) => fc.constantFrom(waarde.toUpperCase(), hoofdletter(waarde), ` ${waarde}`, `${waarde} `, `${waarde}\u200b`, homoglief(waarde), `${waarde}s`, waarde.slice(0, -1)));
      return met(
        { weight: 3, arbitrary: varianten },
        { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
        { weight: 1, arbitrary: fc.constantFrom(...KOLOMMEN, 'raad', 'college', 'toevoeging', 'onttrekking', 'algemeen', 'bestemming', 'incidenteel', 'structureel', '') },
        { weight: 1, arbitrary: sql },
        { weight: 1, arbitrary: enormeTekst },
        { weight: 2, arbitrary: geenTekst(basis) },
      ).filter((waarde) => typeof waarde !== 'string' || !veld.waarden.includes(waarde));
    }
    case 'janee':
      return met({ weight: 4, arbitrary: fc.constantFrom<unknown>('true', 'false', 'ja', 'nee', 'TRUE', '', 0, 1, -1, [], [true], {}, { waarde: true }) }, { weight: 1, arbitrary: jsonGetal });
    case 'percentage':
      return met(
        { weight: 4, arbitrary: fc.constantFrom<unknown>('10.25', '-5', '-5.0', '1000', '10,5', '1e1', ' 10', '10 ', '', '.5', '5.', '+5', 'NaN', 'Infinity', '１０', '10%', 10, 10.5, true, [], {}) },
        { weight: 1, arbitrary: metTekens(tekstBasis, VREEMDE_TEKENS) },
        { weight: 1, arbitrary: sql },
      );
    case 'lijst': {
      const huidig = Array.isArray(basis) ? basis : [];
      const eigen: fc.WeightedArbitrary<unknown>[] = [
        { weight: 3, arbitrary: fc.constantFrom<unknown>('', 'regels', 0, 1, true, {}, { 0: veld.voorbeeld }, veld.voorbeeld) },
        {
          weight: 3,
          arbitrary: fc
            .tuple(fc.nat(), fc.constantFrom<unknown>(null, 0, 'x', true, [], [veld.voorbeeld], [[veld.voorbeeld]], rauw('[[[[]]]]'), SQL_TEKSTEN[0]))
            .map(([plek, vreemd]) => {
              const kopie = [...huidig];
              kopie.splice(plek % (kopie.length + 1), 0, vreemd);
              return kopie;
            }),
        },
        { weight: 1, arbitrary: fc.constant(null).map(() => Array.from({ length: veld.max + 1 }, () => veld.voorbeeld)) },
      ];
      if (veld.min > 0) eigen.push({ weight: 2, arbitrary: fc.constant([]) });
      if (veld.uniek && huidig.length > 0) eigen.push({ weight: 3, arbitrary: fc.nat().map((plek) => [...huidig, huidig[plek % huidig.length]]) });
      return met(...eigen);
    }
    case 'object':
      return met(
        { weight: 3, arbitrary: fc.constantFrom<unknown>([], [basis], [[basis]], 'x', '', 0, 1.5, true, false, SQL_TEKSTEN[1]) },
        { weight: 1, arbitrary: jsonGetal },
      );
    default: {
      const _exhaustive: never = veld;
      return _exhaustive;
    }
  }
}

/** Keys that an object of the body does not have: look-alikes, prototype keys, injection and unicode. */
const onbekendeSleutel = (bekend: readonly string[]) =>
  fc
    .oneof(
      fc.constantFrom(
        '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', '__defineGetter__', '__lookupSetter__', 'toLocaleString', '', ' ', 'id', 'eventId', 'gemeente', 'jaar', 'positie',
        'streamVersion', 'actor', 'metadata', 'DROP TABLE events', "'; --", '\u0000', '\ud800', '😀', 'ëxtra', 'a'.repeat(1000), 'Datum', 'BESLUIT', 'besluit ', 'regels[0]', 'regels.0',
      ),
      fc.string({ minLength: 1, maxLength: 24 }),
    )
    .filter((sleutel) => !bekend.includes(sleutel));

const willekeurigeWaarde = fc.oneof(fc.jsonValue({ maxDepth: 2 }), diepGenest, sql);

// ---------------------------------------------------------------------------------------------------
// Mutations of a valid body at a path.

type Pad = (string | number)[];
type Mutatie =
  | { soort: 'zet'; pad: Pad; waarde: unknown }
  | { soort: 'weg'; pad: Pad }
  | { soort: 'extraVeld'; pad: Pad; sleutel: string; waarde: unknown };

interface Doelwit {
  pad: Pad;
  veld: Veld;
  basis: unknown;
  verplicht: boolean;
  nullbaar: boolean;
  /** A member of an object (so it can be removed when required), not an element of a list. */
  lid: boolean;
}

function doelwitten(veld: Veld, waarde: unknown, pad: Pad, lid: Omit<Doelwit, 'pad' | 'veld' | 'basis'>, uit: Doelwit[]): Doelwit[] {
  uit.push({ pad, veld, basis: waarde, ...lid });
  if (veld.soort === 'object' && isObject(waarde)) {
    for (const [naam, kind] of Object.entries(veld.leden)) {
      doelwitten(kind.veld, waarde[naam], [...pad, naam], { verplicht: kind.verplicht, nullbaar: kind.nullbaar ?? false, lid: true }, uit);
    }
  }
  if (veld.soort === 'lijst' && Array.isArray(waarde)) {
    waarde.forEach((element, index) => doelwitten(veld.item, element, [...pad, index], { verplicht: true, nullbaar: false, lid: false }, uit));
  }
  return uit;
}

function mutatieVoor(doelwit: Doelwit): fc.Arbitrary<Mutatie> {
  const { pad, veld } = doelwit;
  const nullIsFout = doelwit.verplicht || !doelwit.nullbaar;
  const keuzes: fc.WeightedArbitrary<Mutatie>[] = [
    { weight: 6, arbitrary: ongeldigeWaarde(veld, doelwit.basis, nullIsFout).map((waarde): Mutatie => ({ soort: 'zet', pad, waarde })) },
  ];
  if (doelwit.lid && doelwit.verplicht) keuzes.push({ weight: 1, arbitrary: fc.constant<Mutatie>({ soort: 'weg', pad }) });
  if (veld.soort === 'object' && isObject(doelwit.basis)) {
    const bekend = Object.keys(veld.leden);
    keuzes.push({
      weight: 2,
      arbitrary: fc.tuple(onbekendeSleutel(bekend), willekeurigeWaarde).map(([sleutel, waarde]): Mutatie => ({ soort: 'extraVeld', pad, sleutel, waarde })),
    });
  }
  return fc.oneof(...keuzes);
}

/** A deep copy that keeps raw JSON and own `__proto__` keys, so no mutation ever changes a valid base body or a generated value. */
function kopie(waarde: unknown): unknown {
  if (waarde instanceof RauweJson || waarde === null || typeof waarde !== 'object') return waarde;
  if (Array.isArray(waarde)) return waarde.map(kopie);
  const uitkomst: Record<string, unknown> = {};
  for (const sleutel of Object.keys(waarde)) {
    Object.defineProperty(uitkomst, sleutel, { value: kopie((waarde as Record<string, unknown>)[sleutel]), enumerable: true, writable: true, configurable: true });
  }
  return uitkomst;
}

/** Applies the mutations to a copy of `basis`. A mutation whose place an earlier one replaced is skipped: that one already broke the body. */
function pasToe(basis: unknown, mutaties: readonly Mutatie[]): unknown {
  let body: unknown = kopie(basis);
  for (const mutatie of mutaties) {
    if (mutatie.pad.length === 0 && mutatie.soort === 'zet') {
      body = kopie(mutatie.waarde);
      continue;
    }
    const ouderPad = mutatie.soort === 'extraVeld' ? mutatie.pad : mutatie.pad.slice(0, -1);
    let ouder: unknown = body;
    for (const stap of ouderPad) ouder = isObject(ouder) || Array.isArray(ouder) ? (ouder as Record<string | number, unknown>)[stap] : undefined;
    if (mutatie.soort === 'extraVeld') {
      // defineProperty, so that __proto__ becomes a key of its own and not the prototype.
      if (isObject(ouder)) Object.defineProperty(ouder, mutatie.sleutel, { value: kopie(mutatie.waarde), enumerable: true, writable: true, configurable: true });
      continue;
    }
    const sleutel = mutatie.pad[mutatie.pad.length - 1];
    const past = typeof sleutel === 'number' ? Array.isArray(ouder) && sleutel < ouder.length : isObject(ouder);
    if (!past) continue;
    const container = ouder as Record<string | number, unknown>;
    if (mutatie.soort === 'weg') delete container[sleutel];
    else container[sleutel] = kopie(mutatie.waarde);
  }
  return body;
}

// ---------------------------------------------------------------------------------------------------
// Paths: a wrong year, gemeente or code in the path.

interface PadDelen {
  gm?: string;
  jaar?: string;
  code?: string;
}

/** Years that the year pipe must refuse: `Number()` accepts most of them. Raw ones are malformed percent-encoding. */
const MISVORMDE_JAREN = [
  '1899', '3000', '0', '0000', '999', '10000', '-2024', '2024.0', '02024', '+2024', ' 2024', '2024 ', '0x7E8', '2.024e3', '2024e0', '2024\u0000', '２０２４', '٢٠٢٤',
  'abcd', '20x4', 'NaN', 'Infinity', 'null', '2024;DROP TABLE events', "2024' OR '1'='1", '2024/..',
].map(encodeURIComponent);
const RAUWE_PADDELEN = ['%', '%E0%A4%A', '%ZZ', '2024%', '%C0%AF'];

interface Eindpunt {
  naam: string;
  methode: 'post' | 'put';
  rollen: Rol[];
  /** The token holds every gemeente (the beheerder, as scenarios.ts has it); otherwise only the one of the scenario. */
  alleGemeenten: boolean;
  maakPad(delen: Required<PadDelen>): string;
  /** Which parts of the path exist; for `jaar`, `andereJaarOngeldig` says whether any other valid year is refused too. */
  padDelen: { gm?: true; jaar?: { andereJaarOngeldig: boolean }; code?: true };
  /** Sets up the state in which `basis` is accepted. */
  gegeven(t: TestApp): Promise<Opzet>;
}

interface Opzet {
  gemeente: string;
  code?: string;
  schema: Veld;
  basis: Record<string, unknown>;
  /** Codes of the domain's refusals (behind the field validation): the fuzz must reach two of them (or the one). */
  diepeCodes: string[];
}

// ---------------------------------------------------------------------------------------------------
// Given: the scenarios. Every gemeente is fresh; what a scenario registers is remembered, so the fuzz
// can name gemeenten that certainly do not exist.

const geregistreerd = new Set<string>();

interface Scenario {
  gemeente: string;
  realisatieId?: string;
  jaarrekeningId?: string;
  reserveId?: string;
}

const DOELEN = [
  { code: '5.1', naam: 'Zelfredzaam', programma: '5' },
  { code: '5.2', naam: 'Gezond en vitaal', programma: '5' },
];

type Stap = 'geregistreerd' | 'ingericht' | 'vastgesteld' | 'geboekt' | 'gesloten';
const STAPPEN: Stap[] = ['geregistreerd', 'ingericht', 'vastgesteld', 'geboekt', 'gesloten'];

/** A gemeente up to `tot`: registered; with doelen, reserve AR (100.000) and krediet KR-1 on 5.1 (500.000); adopted; with an amendment and a realisation; closed. */
async function gegevenGemeente(t: TestApp, tot: Stap): Promise<Scenario> {
  const gemeente = freshGemeente();
  const bereikt = (stap: Stap) => STAPPEN.indexOf(tot) >= STAPPEN.indexOf(stap);
  const scenario: Scenario = { gemeente };
  await registreerGemeente(t, gemeente, 'Neder-Betuwe');
  geregistreerd.add(gemeente);
  const base = `/api/v1/gemeenten/${gemeente}/begrotingen/${JAAR}`;
  const beheerder = t.as(['beheerder'], ['*']);
  const controller = t.as(['controller'], [gemeente]);
  const accountant = t.as(['accountant'], [gemeente]);
  if (bereikt('ingericht')) {
    await legDoelenVast(t, gemeente, JAAR, DOELEN);
    await stelReserveIn(t, gemeente, 'AR', '100000.00', `${JAAR}-01-01`);
    const [reserve] = (await t.dataSource.query(`SELECT event_id FROM events WHERE gemeente = $1 AND type = 'ReserveIngesteld'`, [gemeente])) as { event_id: string }[];
    scenario.reserveId = reserve?.event_id;
    await beheerder
      .post(`/api/v1/gemeenten/${gemeente}/kredieten`, { code: 'KR-1', naam: 'Brede school', doel: '5.1', omvang: '500000.00', besluit: besluit('2023-11-09', 'Krediet brede school') })
      .expect(201);
  }
  if (bereikt('vastgesteld')) {
    await controller
      .post(`${base}/vaststelling`, {
        besluit: besluit('2023-11-09', `Begroting ${JAAR}`),
        regels: [vaststellingRegel('5.1', '2500000.00', '300000.00', { onttrekkingReserves: [{ reserve: 'AR', bedrag: '80000.00' }] }), vaststellingRegel('5.2', '1750000.00')],
      })
      .expect(201);
  }
  if (bereikt('geboekt')) {
    await controller
      .post(`${base}/wijzigingen`, {
        kenmerk: `Voorjaarsnota ${JAAR}`,
        besluit: besluit(`${JAAR}-06-27`),
        onderdelen: [{ titel: 'Verschuiving', budgettairNeutraal: true, aard: 'incidenteel', regels: [{ doel: '5.1', kolom: 'lasten', bedrag: '-500.00' }, { doel: '5.2', kolom: 'lasten', bedrag: '500.00' }] }],
      })
      .expect(201);
    const realisatie = await accountant
      .post(`${base}/realisaties`, { datum: `${JAAR}-03-31`, kenmerk: `Eerste kwartaal ${JAAR}`, regels: [{ doel: '5.1', kolom: 'lasten', bedrag: '600000.00' }] })
      .expect(201);
    scenario.realisatieId = realisatie.body.eventId;
  }
  if (bereikt('gesloten')) {
    const jaarrekening = await controller.post(`${base}/jaarrekening`, { besluit: besluit(`${JAAR + 1}-07-03`, `Jaarrekening ${JAAR}`) }).expect(201);
    scenario.jaarrekeningId = jaarrekening.body.eventId;
  }
  return scenario;
}

const gm = (delen: Required<PadDelen>) => `/api/v1/gemeenten/${delen.gm}`;
const begroting = (delen: Required<PadDelen>) => `${gm(delen)}/begrotingen/${delen.jaar}`;

/** Amounts of a wijziging line that names no reserve: any reserve named on lasten or baten is refused (rule 7's other half). */
const wijzigingRegelVeld = (reserveExtra: fc.Arbitrary<unknown>) =>
  object({
    doel: verplicht(code(onbekendeCode)),
    kolom: verplicht(keuze(KOLOMMEN)),
    bedrag: verplicht(bedrag()),
    reserve: optioneel(code(reserveExtra)),
  });
const elkeReserve = fc.oneof(onbekendeCode, fc.constant('AR'));

const EINDPUNTEN: Eindpunt[] = [
  {
    naam: 'POST /gemeenten',
    methode: 'post',
    rollen: ['beheerder'],
    alleGemeenten: true,
    maakPad: () => '/api/v1/gemeenten',
    padDelen: {},
    async gegeven(t) {
      const bestaand = await gegevenGemeente(t, 'geregistreerd');
      const nieuw = freshGemeente();
      // The valid body registers it at the end of this case, so no later case may count it as unknown.
      geregistreerd.add(nieuw);
      return {
        gemeente: nieuw,
        schema: object({ code: verplicht({ soort: 'gemeentecode', extra: fc.constant(bestaand.gemeente) }), naam: verplicht(tekst(200)) }),
        basis: { code: nieuw, naam: 'Neder-Betuwe' },
        diepeCodes: ['GEMEENTE.BESTAAT_AL'],
      };
    },
  },
  {
    naam: 'PUT /gemeenten/{gm}/instellingen',
    methode: 'put',
    rollen: ['beheerder'],
    alleGemeenten: true,
    maakPad: (delen) => `${gm(delen)}/instellingen`,
    padDelen: { gm: true },
    async gegeven(t) {
      const { gemeente } = await gegevenGemeente(t, 'geregistreerd');
      return {
        gemeente,
        schema: object({ drempelBedrag: verplicht(bedrag(negatiefBedrag)), drempelPercentage: optioneel({ soort: 'percentage' }, true) }),
        basis: { drempelBedrag: '250000.00', drempelPercentage: '10.0' },
        diepeCodes: ['BEDRAG.NEGATIEF', 'GEMEENTE.ONBEKEND'],
      };
    },
  },
  {
    naam: 'PUT /gemeenten/{gm}/begrotingen/{jaar}/doelen',
    methode: 'put',
    rollen: ['beheerder'],
    alleGemeenten: true,
    maakPad: (delen) => `${begroting(delen)}/doelen`,
    // Doelen may be laid down for any year, so only a malformed year is wrong here.
    padDelen: { gm: true, jaar: { andereJaarOngeldig: false } },
    async gegeven(t) {
      const { gemeente } = await gegevenGemeente(t, 'ingericht');
      const doel = object({ code: verplicht(code()), naam: verplicht(tekst(300)), programma: optioneel(code()) });
      return {
        gemeente,
        schema: object({ doelen: verplicht(lijst(doel, { code: '5.9', naam: 'Voorbeeld' }, 1, 2000, true)) }),
        basis: { doelen: [{ code: '5.3', naam: 'Veilig thuis', programma: '5' }, { code: '5.4', naam: 'Werk en inkomen' }] },
        diepeCodes: ['BEGROTING.DOEL_DUBBEL', 'GEMEENTE.ONBEKEND'],
      };
    },
  },
  {
    naam: 'POST /gemeenten/{gm}/reserves',
    methode: 'post',
    rollen: ['beheerder'],
    alleGemeenten: true,
    maakPad: (delen) => `${gm(delen)}/reserves`,
    padDelen: { gm: true },
    async gegeven(t) {
      const { gemeente } = await gegevenGemeente(t, 'ingericht');
      return {
        gemeente,
        schema: object({
          code: verplicht(code(fc.constant('AR'))),
          naam: verplicht(tekst(300)),
          soort: verplicht(keuze(['algemeen', 'bestemming'])),
          beginsaldo: verplicht(bedrag(negatiefBedrag)),
          peildatum: verplicht(datum()),
        }),
        basis: { code: 'RES-NIEUW', naam: 'Reserve sociaal domein', soort: 'bestemming', beginsaldo: '1000.00', peildatum: `${JAAR}-01-01` },
        diepeCodes: ['RESERVE.BESTAAT_AL', 'BEDRAG.NEGATIEF', 'GEMEENTE.ONBEKEND'],
      };
    },
  },
  {
    naam: 'POST /gemeenten/{gm}/kredieten',
    methode: 'post',
    rollen: ['beheerder'],
    alleGemeenten: true,
    maakPad: (delen) => `${gm(delen)}/kredieten`,
    padDelen: { gm: true },
    async gegeven(t) {
      const { gemeente } = await gegevenGemeente(t, 'ingericht');
      return {
        gemeente,
        schema: object({
          code: verplicht(code(fc.constant('KR-1'))),
          naam: verplicht(tekst(300)),
          doel: verplicht(code(onbekendeCode)),
          omvang: verplicht(bedrag(negatiefBedrag)),
          besluit: verplicht(besluitVeld),
        }),
        basis: { code: 'KR-NIEUW', naam: 'Sporthal', doel: '5.2', omvang: '250000.00', besluit: besluit('2024-03-14', 'Krediet sporthal') },
        diepeCodes: ['KREDIET.BESTAAT_AL', 'KREDIET.DOEL_ONBEKEND', 'BEDRAG.NEGATIEF', 'GEMEENTE.ONBEKEND'],
      };
    },
  },
  {
    naam: 'POST /gemeenten/{gm}/kredieten/{code}/wijzigingen',
    methode: 'post',
    rollen: ['beheerder'],
    alleGemeenten: true,
    maakPad: (delen) => `${gm(delen)}/kredieten/${delen.code}/wijzigingen`,
    padDelen: { gm: true, code: true },
    async gegeven(t) {
      const { gemeente } = await gegevenGemeente(t, 'ingericht');
      // KR-1 has an omvang of 500.000: a lowering by more brings it below zero.
      const teVeelVerlaagd = bedragVanaf(500_001).map((bedragTekst) => `-${bedragTekst}`);
      return {
        gemeente,
        code: 'KR-1',
        schema: object({ bedrag: verplicht(bedrag(teVeelVerlaagd)), besluit: verplicht(besluitVeld) }),
        basis: { bedrag: '-25000.00', besluit: besluit('2024-09-26', 'Verlaging brede school') },
        diepeCodes: ['KREDIET.OMVANG_NEGATIEF', 'KREDIET.ONBEKEND', 'GEMEENTE.ONBEKEND'],
      };
    },
  },
  {
    naam: 'POST /gemeenten/{gm}/reserves/{code}/balanssaldi',
    methode: 'post',
    rollen: ['accountant'],
    alleGemeenten: false,
    maakPad: (delen) => `${gm(delen)}/reserves/${delen.code}/balanssaldi`,
    padDelen: { gm: true, code: true },
    async gegeven(t) {
      const { gemeente } = await gegevenGemeente(t, 'ingericht');
      return {
        gemeente,
        code: 'AR',
        schema: object({ datum: verplicht(datum()), saldo: verplicht(bedrag()) }),
        basis: { datum: `${JAAR}-12-31`, saldo: '95000.00' },
        diepeCodes: ['RESERVE.ONBEKEND'],
      };
    },
  },
  {
    naam: 'POST /gemeenten/{gm}/begrotingen/{jaar}/vaststelling',
    methode: 'post',
    rollen: ['controller'],
    alleGemeenten: false,
    maakPad: (delen) => `${begroting(delen)}/vaststelling`,
    padDelen: { gm: true, jaar: { andereJaarOngeldig: true } },
    async gegeven(t) {
      const { gemeente } = await gegevenGemeente(t, 'ingericht');
      const reserveBedrag = object({ reserve: verplicht(code(onbekendeCode)), bedrag: verplicht(bedrag(negatiefBedrag)) });
      const regel = object({
        doel: verplicht(code(onbekendeCode)),
        lasten: verplicht(bedrag(negatiefBedrag)),
        baten: verplicht(bedrag(negatiefBedrag)),
        toevoegingReserves: verplicht(lijst(reserveBedrag, { reserve: 'AR', bedrag: '1.00' }, 0, 100)),
        onttrekkingReserves: verplicht(lijst(reserveBedrag, { reserve: 'AR', bedrag: '1.00' }, 0, 100)),
      });
      return {
        gemeente,
        schema: object({ besluit: verplicht(besluitVeld), regels: verplicht(lijst(regel, vaststellingRegel('5.9', '1.00'), 1, 5000, true)) }),
        basis: {
          besluit: besluit('2023-11-09', `Begroting ${JAAR}`),
          regels: [vaststellingRegel('5.1', '2500000.00', '300000.00', { onttrekkingReserves: [{ reserve: 'AR', bedrag: '80000.00' }] }), vaststellingRegel('5.2', '1750000.00')],
        },
        diepeCodes: ['BEGROTING.DOEL_ONBEKEND', 'BEGROTING.RESERVE_ONBEKEND', 'BEDRAG.NEGATIEF', 'BEGROTING.DOEL_DUBBEL'],
      };
    },
  },
  {
    naam: 'POST /gemeenten/{gm}/begrotingen/{jaar}/projectmutaties',
    methode: 'post',
    rollen: ['controller'],
    alleGemeenten: false,
    maakPad: (delen) => `${begroting(delen)}/projectmutaties`,
    padDelen: { gm: true, jaar: { andereJaarOngeldig: true } },
    async gegeven(t) {
      const { gemeente } = await gegevenGemeente(t, 'vastgesteld');
      return {
        gemeente,
        schema: object({
          krediet: verplicht(code(onbekendeCode)),
          // KR-1 belongs to 5.1: a projectmutatie on 5.2 is refused as well as an unknown doel.
          doel: verplicht(code(fc.oneof(onbekendeCode, fc.constant('5.2')))),
          bedrag: verplicht(bedrag()),
          reserve: optioneel(code(onbekendeCode)),
          datum: verplicht(datum(datumBuitenJaar(JAAR))),
        }),
        basis: { krediet: 'KR-1', doel: '5.1', bedrag: '12500.00', reserve: 'AR', datum: `${JAAR}-06-30` },
        diepeCodes: ['BEGROTING.KREDIET_ONBEKEND', 'BEGROTING.KREDIET_ANDER_DOEL', 'BEGROTING.DOEL_ONBEKEND', 'BEGROTING.RESERVE_ONBEKEND', 'BEGROTING.DATUM_BUITEN_JAAR', 'BEGROTING.NIET_VASTGESTELD'],
      };
    },
  },
  {
    naam: 'POST /gemeenten/{gm}/begrotingen/{jaar}/wijzigingen',
    methode: 'post',
    rollen: ['controller'],
    alleGemeenten: false,
    maakPad: (delen) => `${begroting(delen)}/wijzigingen`,
    padDelen: { gm: true, jaar: { andereJaarOngeldig: true } },
    async gegeven(t) {
      const { gemeente } = await gegevenGemeente(t, 'geboekt');
      const regel = wijzigingRegelVeld(elkeReserve);
      const onderdeel = object({
        titel: verplicht(tekst(500)),
        budgettairNeutraal: verplicht({ soort: 'janee' }),
        aard: verplicht(keuze(['incidenteel', 'structureel'])),
        toelichting: optioneel(tekst(10_000)),
        regels: verplicht(lijst(regel, { doel: '5.1', kolom: 'lasten', bedrag: '1.00' }, 1, 5000)),
      });
      return {
        gemeente,
        schema: object({
          kenmerk: verplicht(tekst(200, fc.constant(`Voorjaarsnota ${JAAR}`))),
          besluit: verplicht(besluitVeld),
          onderdelen: verplicht(lijst(onderdeel, { titel: 'Voorbeeld', budgettairNeutraal: false, aard: 'incidenteel', regels: [{ doel: '5.1', kolom: 'lasten', bedrag: '1.00' }] }, 1, 500)),
        }),
        basis: {
          kenmerk: `Najaarsnota ${JAAR}`,
          besluit: besluit(`${JAAR}-11-07`),
          onderdelen: [
            {
              titel: 'Loonindexatie',
              budgettairNeutraal: true,
              aard: 'structureel',
              toelichting: 'Verschuiving binnen programma 5.',
              regels: [
                { doel: '5.1', kolom: 'lasten', bedrag: '-1000.00' },
                { doel: '5.2', kolom: 'lasten', bedrag: '1000.00' },
              ],
            },
          ],
        },
        diepeCodes: ['BEGROTING.KENMERK_DUBBEL', 'BEGROTING.DOEL_ONBEKEND', 'BEGROTING.RESERVE_NIET_TOEGESTAAN', 'BEGROTING.NIET_VASTGESTELD'],
      };
    },
  },
  {
    naam: 'POST /gemeenten/{gm}/begrotingen/{jaar}/realisaties',
    methode: 'post',
    rollen: ['accountant'],
    alleGemeenten: false,
    maakPad: (delen) => `${begroting(delen)}/realisaties`,
    padDelen: { gm: true, jaar: { andereJaarOngeldig: true } },
    async gegeven(t) {
      const { gemeente } = await gegevenGemeente(t, 'geboekt');
      const regel = object({ doel: verplicht(code(onbekendeCode)), kolom: verplicht(keuze(['lasten', 'baten'])), bedrag: verplicht(bedrag()) });
      return {
        gemeente,
        schema: object({
          datum: verplicht(datum(datumBuitenJaar(JAAR))),
          kenmerk: optioneel(tekst(200, fc.constant(`Eerste kwartaal ${JAAR}`))),
          regels: verplicht(lijst(regel, { doel: '5.1', kolom: 'lasten', bedrag: '1.00' }, 1, 5000)),
        }),
        basis: { datum: `${JAAR}-06-30`, kenmerk: `Tweede kwartaal ${JAAR}`, regels: [{ doel: '5.1', kolom: 'lasten', bedrag: '610000.00' }, { doel: '5.2', kolom: 'baten', bedrag: '-2500.50' }] },
        diepeCodes: ['BEGROTING.KENMERK_DUBBEL', 'BEGROTING.DATUM_BUITEN_JAAR', 'BEGROTING.DOEL_ONBEKEND', 'BEGROTING.NIET_VASTGESTELD'],
      };
    },
  },
  {
    naam: 'POST /gemeenten/{gm}/begrotingen/{jaar}/reservemutaties',
    methode: 'post',
    rollen: ['accountant'],
    alleGemeenten: false,
    maakPad: (delen) => `${begroting(delen)}/reservemutaties`,
    padDelen: { gm: true, jaar: { andereJaarOngeldig: true } },
    async gegeven(t) {
      const { gemeente } = await gegevenGemeente(t, 'vastgesteld');
      // Zero or less is refused (the soort gives the direction); more than the balance of 100.000 too (rule 6).
      const geenGoedBedrag = fc.oneof(negatiefBedrag, fc.constantFrom('0', '0.00', '-0.00', '0.0'), bedragVanaf(100_001));
      return {
        gemeente,
        schema: object({
          reserve: verplicht(code(onbekendeCode)),
          doel: verplicht(code(onbekendeCode)),
          soort: verplicht(keuze(['toevoeging', 'onttrekking'])),
          bedrag: verplicht(bedrag(geenGoedBedrag)),
          datum: verplicht(datum(datumBuitenJaar(JAAR))),
        }),
        basis: { reserve: 'AR', doel: '5.1', soort: 'onttrekking', bedrag: '80000.00', datum: `${JAAR}-12-31` },
        diepeCodes: ['BEDRAG.NIET_POSITIEF', 'RESERVE.SALDO_NEGATIEF', 'BEGROTING.RESERVE_ONBEKEND', 'BEGROTING.DOEL_ONBEKEND', 'BEGROTING.DATUM_BUITEN_JAAR', 'BEGROTING.NIET_VASTGESTELD'],
      };
    },
  },
  {
    naam: 'POST /gemeenten/{gm}/begrotingen/{jaar}/toelichtingen',
    methode: 'post',
    rollen: ['controller'],
    alleGemeenten: false,
    maakPad: (delen) => `${begroting(delen)}/toelichtingen`,
    padDelen: { gm: true, jaar: { andereJaarOngeldig: true } },
    async gegeven(t) {
      const { gemeente } = await gegevenGemeente(t, 'vastgesteld');
      return {
        gemeente,
        schema: object({ doel: verplicht(code(onbekendeCode)), kolom: optioneel(keuze(KOLOMMEN)), tekst: verplicht(tekst(10_000)) }),
        basis: { doel: '5.1', kolom: 'lasten', tekst: 'Minder instroom dan begroot; de capaciteit is niet ingezet. 👍' },
        diepeCodes: ['BEGROTING.DOEL_ONBEKEND', 'BEGROTING.NIET_VASTGESTELD'],
      };
    },
  },
  {
    naam: 'POST /gemeenten/{gm}/begrotingen/{jaar}/jaarrekening',
    methode: 'post',
    rollen: ['controller'],
    alleGemeenten: false,
    maakPad: (delen) => `${begroting(delen)}/jaarrekening`,
    padDelen: { gm: true, jaar: { andereJaarOngeldig: true } },
    async gegeven(t) {
      const { gemeente } = await gegevenGemeente(t, 'vastgesteld');
      return {
        gemeente,
        schema: object({ besluit: verplicht(besluitVeld) }),
        basis: { besluit: besluit(`${JAAR + 1}-07-03`, `Jaarrekening ${JAAR}`) },
        diepeCodes: ['BEGROTING.NIET_VASTGESTELD'],
      };
    },
  },
  {
    naam: 'POST /gemeenten/{gm}/begrotingen/{jaar}/correcties',
    methode: 'post',
    rollen: ['accountant'],
    alleGemeenten: false,
    maakPad: (delen) => `${begroting(delen)}/correcties`,
    padDelen: { gm: true, jaar: { andereJaarOngeldig: true } },
    async gegeven(t) {
      const scenario = await gegevenGemeente(t, 'gesloten');
      if (!scenario.realisatieId || !scenario.jaarrekeningId || !scenario.reserveId) throw new Error('het scenario gaf geen event ids');
      // Not an event of this year, an event that books no amounts, or another stream's event.
      const nietTeCorrigeren = fc.oneof(fc.uuid(), fc.constantFrom(scenario.jaarrekeningId, scenario.reserveId), fc.string({ minLength: 1, maxLength: 36 }).filter((tekstje) => tekstje.trim() !== ''));
      return {
        gemeente: scenario.gemeente,
        schema: object({
          corrigeert: verplicht(tekst(36, nietTeCorrigeren)),
          reden: verplicht(tekst(2000)),
          datum: optioneel(datum()),
          regels: verplicht(lijst(wijzigingRegelVeld(elkeReserve), { doel: '5.1', kolom: 'lasten', bedrag: '1.00' }, 1, 5000)),
        }),
        basis: { corrigeert: scenario.realisatieId, reden: 'Dubbel geboekte factuur', datum: `${JAAR + 1}-08-01`, regels: [{ doel: '5.1', kolom: 'lasten', bedrag: '-1500.00' }] },
        diepeCodes: ['BEGROTING.GECORRIGEERD_EVENT_ONBEKEND', 'BEGROTING.NIET_CORRIGEERBAAR', 'BEGROTING.DOEL_ONBEKEND', 'BEGROTING.RESERVE_NIET_TOEGESTAAN', 'BEGROTING.NIET_VASTGESTELD'],
      };
    },
  },
];

/** Write routes without a body to fuzz, each with the reason. */
const ZONDER_BODY: Record<string, string> = {
  'POST /beheer/projecties/herbouw': 'leest geen body: een herbouw vraagt alleen een beheerder van alle gemeenten',
  'POST /gemeenten/{gm}/begrotingen/{jaar}/importen': 'leest CSV, geen JSON: de regels worden dezelfde JSON-body als van de opdracht en die wordt hier al gefuzzd; de CSV-lezer heeft eigen specs (src/exchange)',
};

// ---------------------------------------------------------------------------------------------------
// Cases: a corrupted body (and sometimes a wrong path besides), a wrong path alone, random JSON, broken
// JSON, or the valid body under a media type that is not JSON.

interface Geval extends fc.WithToStringMethod {
  padDelen: Required<PadDelen>;
  body: string;
  mediatype: string;
  beschrijving: string;
}

const JSON_TYPE = 'application/json';
const GEEN_JSON_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'multipart/form-data; boundary=x', 'application/octet-stream'];
const KAPOTTE_JSON = [
  '{', '}', '{"a":}', "{'datum':'2024-01-01'}", '{"datum":"2024-01-01",}', '{"datum":NaN}', '{"datum":undefined}', '// x\n{}', '{"a":1}{"b":2}', 'nul', 'tru', '[1,2',
  '{"\\u0000":1', '\u0000', '{"a":"\\x41"}', '{"a":"\\u12"}', '{"a":01}', '{"a":.5}', '{"a":+1}', '{"a":1e}', '{"a":Infinity}', '{"a":"tab\there"}', '"tekst"', '42', 'true', 'null',
];

function beschrijf(mutaties: readonly Mutatie[]): string {
  return mutaties
    .map((mutatie) => {
      const pad = mutatie.pad.join('.') || 'body';
      if (mutatie.soort === 'weg') return `${pad} weggelaten`;
      const waarde = naarJson(mutatie.waarde);
      const kort = waarde.length > 80 ? `${waarde.slice(0, 80)}… (${waarde.length} tekens)` : waarde;
      return mutatie.soort === 'extraVeld' ? `${pad}[${JSON.stringify(mutatie.sleutel)}] = ${kort}` : `${pad} = ${kort}`;
    })
    .join('; ');
}

function gevallen(eindpunt: Eindpunt, opzet: Opzet, geldigPad: Required<PadDelen>): fc.Arbitrary<Geval> {
  const geldigeBody = naarJson(opzet.basis);
  const maak = (padDelen: Required<PadDelen>, body: string, beschrijving: string, mediatype = JSON_TYPE): Geval => ({
    padDelen,
    body,
    mediatype,
    beschrijving,
    // fast-check prints a counterexample with this, so a megabyte body does not flood the report.
    [fc.toStringMethod]: () => `${beschrijving} (${eindpunt.methode.toUpperCase()} ${eindpunt.maakPad(padDelen)}, ${body.length} tekens ${mediatype})`,
  });

  // Wrong paths: malformed ones that the path pipes refuse, and well-formed ones that only the domain
  // refuses (a gemeente that is not registered, a year without a budget, a krediet or reserve that does not exist).
  const padCorrupties: fc.Arbitrary<Required<PadDelen>>[] = [];
  const diepePaden: fc.Arbitrary<Required<PadDelen>>[] = [];
  if (eindpunt.padDelen.gm) {
    const onbekendeGemeente = fc
      .integer({ min: 0, max: 9999 })
      .map((nummer) => `GM${String(nummer).padStart(4, '0')}`)
      .filter((kandidaat) => !geregistreerd.has(kandidaat))
      .map((waarde) => ({ ...geldigPad, gm: waarde }));
    const misvormd = fc.constantFrom('gm0193', 'GM193', 'GM01930', 'XX0193', 'GM 0193', 'GM0193\u0000', 'ＧＭ０１９３', "GM0193'--", '*', '%2A').map(encodeURIComponent);
    padCorrupties.push(onbekendeGemeente, fc.oneof(misvormd, fc.constantFrom(...RAUWE_PADDELEN)).map((waarde) => ({ ...geldigPad, gm: waarde })));
    // A token for one gemeente is refused another by the guard (403); only a token for all reaches the domain.
    if (eindpunt.alleGemeenten) diepePaden.push(onbekendeGemeente);
  }
  if (eindpunt.padDelen.jaar) {
    padCorrupties.push(fc.oneof(fc.constantFrom(...MISVORMDE_JAREN), fc.constantFrom(...RAUWE_PADDELEN)).map((waarde) => ({ ...geldigPad, jaar: waarde })));
    if (eindpunt.padDelen.jaar.andereJaarOngeldig) {
      const anderJaar = fc
        .integer({ min: 1900, max: 2999 })
        .filter((jaar) => jaar !== JAAR)
        .map((jaar) => ({ ...geldigPad, jaar: String(jaar) }));
      padCorrupties.push(anderJaar);
      diepePaden.push(anderJaar);
    }
  }
  if (eindpunt.padDelen.code) {
    const onbekend = onbekendeCode.map((waarde) => ({ ...geldigPad, code: waarde }));
    const misvormd = fc.oneof(
      fc.constantFrom(`.${geldigPad.code}`, 'A'.repeat(51), `${geldigPad.code}' OR '1'='1`, `${geldigPad.code}\u0000`, '😀').map(encodeURIComponent),
      fc.constantFrom(...RAUWE_PADDELEN),
    );
    // Codes are case-sensitive: `kr-1` is not KR-1.
    const andereLetters = fc.constant({ ...geldigPad, code: geldigPad.code.toLowerCase() });
    padCorrupties.push(onbekend, andereLetters, misvormd.map((waarde) => ({ ...geldigPad, code: waarde })));
    diepePaden.push(onbekend, andereLetters);
  }

  const doelen = doelwitten(opzet.schema, opzet.basis, [], { verplicht: true, nullbaar: false, lid: false }, []);
  const mutatie = fc.oneof(...doelen.map(mutatieVoor));
  // One well-formed value that only a rule behind the field validation refuses, and nothing else wrong.
  const diepeMutaties: fc.Arbitrary<Mutatie>[] = doelen.flatMap(({ pad, veld, basis }) => {
    const uitkomst: fc.Arbitrary<Mutatie>[] = [];
    if ('extra' in veld && veld.extra) uitkomst.push(veld.extra.map((waarde): Mutatie => ({ soort: 'zet', pad, waarde })));
    if (veld.soort === 'lijst' && veld.uniek && Array.isArray(basis) && basis.length > 0) {
      uitkomst.push(fc.nat().map((plek): Mutatie => ({ soort: 'zet', pad, waarde: [...basis, basis[plek % basis.length]] })));
    }
    return uitkomst;
  });
  const verplichteSleutels = opzet.schema.soort === 'object' ? Object.entries(opzet.schema.leden).filter(([, lid]) => lid.verplicht).map(([naam]) => naam) : [];

  const soorten: fc.WeightedArbitrary<Geval>[] = [
    {
      weight: 76,
      arbitrary: fc
        .tuple(
          fc.array(mutatie, { minLength: 1, maxLength: 3 }),
          // One in eight also gets a wrong path: the path is checked before the body, so more would hide the body from the fuzz.
          padCorrupties.length > 0 ? fc.oneof({ weight: 7, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.oneof(...padCorrupties) }) : fc.constant(undefined),
        )
        .map(([mutaties, pad]) => maak(pad ?? geldigPad, naarJson(pasToe(opzet.basis, mutaties)), `${beschrijf(mutaties)}${pad ? ' en een verkeerd pad' : ''}`)),
    },
    {
      weight: 7,
      // Any JSON at all, as long as it is not an object with every required field (that could be valid by chance).
      arbitrary: fc
        .jsonValue()
        .filter((waarde) => !(isObject(waarde) && verplichteSleutels.every((sleutel) => sleutel in waarde)))
        .map((waarde) => maak(geldigPad, JSON.stringify(waarde), `willekeurige JSON ${JSON.stringify(waarde).slice(0, 80)}`)),
    },
    {
      weight: 6,
      arbitrary: fc.oneof(
        fc.nat().map((lengte) => geldigeBody.slice(0, lengte % geldigeBody.length)),
        fc.constantFrom('x', ',', '}', ']', '{}', '"').map((staart) => geldigeBody + staart),
        fc.constantFrom(...KAPOTTE_JSON),
      ).map((tekstje) => maak(geldigPad, tekstje, `kapotte JSON ${JSON.stringify(tekstje.slice(0, 80))}`)),
    },
    { weight: 3, arbitrary: fc.constantFrom(...GEEN_JSON_TYPES).map((mediatype) => maak(geldigPad, geldigeBody, `de geldige body als ${mediatype}`, mediatype)) },
  ];
  if (padCorrupties.length > 0) {
    soorten.push({ weight: 8, arbitrary: fc.oneof(...padCorrupties).map((pad) => maak(pad, geldigeBody, `de geldige body op een verkeerd pad`)) });
  }
  const diep = [
    ...diepeMutaties.map((mutatieArb) => mutatieArb.map((enkel) => maak(geldigPad, naarJson(pasToe(opzet.basis, [enkel])), `alleen ${beschrijf([enkel])}`))),
    ...diepePaden.map((padArb) => padArb.map((pad) => maak(pad, geldigeBody, `de geldige body op een pad dat niet bestaat`))),
  ];
  if (diep.length > 0) soorten.push({ weight: 12, arbitrary: fc.oneof(...diep) });
  return fc.oneof(...soorten);
}

// ---------------------------------------------------------------------------------------------------
// Then: what every answer to a malformed request must be.

/** Words of which a Dutch detail has at least one. */
const NEDERLANDS = /\b(is|moet|niet|geen|bestaat|ongeldig|verzoek|regel|de|het|een|van|mag|zijn|al|te|nog|komt|meer|dan|voor|op|bij|met|wordt|heeft|buiten)\b/i;
/** Framework English and internals that must never reach a client. */
const ENGELS_OF_INTERN = /\b(must|should|cannot|expected|unexpected|failed|exception|internal server error|bad request)\b|\bat .+:\d+:\d+|node_modules|QueryFailedError|TypeError|RangeError|SyntaxError/i;

function gebrekenVan(response: Response): string[] {
  const gevonden: string[] = [];
  const body = response.body as { status?: unknown; title?: unknown; type?: unknown; detail?: unknown; fouten?: unknown } | undefined;
  if (response.status < 400 || response.status >= 500) gevonden.push(`status ${response.status} is geen 4xx`);
  if (response.status === 401) gevonden.push('401: het token is geldig');
  if (!/^application\/problem\+json/.test(String(response.headers['content-type']))) gevonden.push(`content-type ${response.headers['content-type']}`);
  if (!body || typeof body !== 'object') return [...gevonden, 'geen problem-body'];
  if (body.status !== response.status) gevonden.push(`status in de body ${String(body.status)}`);
  if (typeof body.title !== 'string' || body.title === '') gevonden.push('geen title');
  if (typeof body.type !== 'string' || body.type === '') gevonden.push('geen type');
  if (typeof body.detail !== 'string' || body.detail.trim() === '') gevonden.push('geen detail');
  else if (!NEDERLANDS.test(body.detail)) gevonden.push('detail is niet Nederlands');
  if (ENGELS_OF_INTERN.test(JSON.stringify(body))) gevonden.push('Engelse of interne tekst in het antwoord');
  if (body.fouten !== undefined) {
    const lijstje = body.fouten as { veld?: unknown; melding?: unknown }[];
    if (!Array.isArray(lijstje) || lijstje.some((fout) => typeof fout.veld !== 'string' || typeof fout.melding !== 'string' || fout.melding === '')) gevonden.push('fouten zonder veld of melding');
  }
  return gevonden;
}

// ---------------------------------------------------------------------------------------------------

interface Telling {
  eindpunt: string;
  pogingen: number;
  statussen: Record<number, number>;
  codes: Record<string, number>;
  duurMs: number;
}

describe('fuzzing every write endpoint: a malformed request gets a Dutch 4xx problem and writes nothing', () => {
  let t: TestApp;
  const tellingen: Telling[] = [];
  let tokens = 0;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    const totaal = tellingen.reduce((som, telling) => som + telling.pogingen, 0);
    const regels = tellingen.map(
      (telling) =>
        `  ${telling.eindpunt}: ${telling.pogingen} invoeren in ${(telling.duurMs / 1000).toFixed(1)} s; statussen ${JSON.stringify(telling.statussen)}; ` +
        `codes buiten VERZOEK.* ${JSON.stringify(Object.fromEntries(Object.entries(telling.codes).filter(([code]) => !code.startsWith('VERZOEK.'))))}`,
    );
    console.log(`fuzz: ${totaal} ongeldige invoeren over ${tellingen.length} schrijvende eindpunten\n${regels.join('\n')}`);
    await t?.close();
  });

  /** Sends with a token of its own per request, so a per-token rate limit never stands in for the answer under test. */
  function stuur(eindpunt: Eindpunt, gemeente: string, padDelen: Required<PadDelen>, body: string, mediatype: string) {
    tokens += 1;
    const token = t.token(eindpunt.rollen, eindpunt.alleGemeenten ? ['*'] : [gemeente], `fuzz-${tokens}`);
    return t.http()[eindpunt.methode](eindpunt.maakPad(padDelen)).set('Authorization', `Bearer ${token}`).set('Content-Type', mediatype).send(body);
  }

  it('covers every write route of the OpenAPI document', async () => {
    // given: the routes the service publishes
    const openapi = await t.http().get('/api/v1/openapi.json').expect(200);
    const paden = openapi.body.paths as Record<string, Record<string, unknown>>;

    // when: its writes are listed
    const schrijvend = Object.entries(paden).flatMap(([pad, methoden]) =>
      Object.keys(methoden).filter((methode) => ['post', 'put', 'patch', 'delete'].includes(methode)).map((methode) => `${methode.toUpperCase()} ${pad}`),
    );

    // then: each is fuzzed below or has no body to fuzz
    expect(schrijvend.filter((route) => !(route in ZONDER_BODY)).sort()).toEqual(EINDPUNTEN.map((eindpunt) => eindpunt.naam).sort());
  });

  it.each(EINDPUNTEN.map((eindpunt) => [eindpunt.naam, eindpunt] as const))(
    '%s: given the state in which its valid body is accepted, when malformed requests arrive, then each gets a Dutch 4xx problem and nothing is written; the valid body is accepted afterwards',
    async (_naam, eindpunt) => {
      // given
      const opzet = await eindpunt.gegeven(t);
      const geldigPad: Required<PadDelen> = { gm: opzet.gemeente, jaar: String(JAAR), code: opzet.code ?? '' };
      const telling: Telling = { eindpunt: eindpunt.naam, pogingen: 0, statussen: {}, codes: {}, duurMs: 0 };
      tellingen.push(telling);
      const eventsVooraf = await t.eventCount();
      const eventsGemeenteVooraf = await t.eventCount(opzet.gemeente);
      const gestart = Date.now();

      // when
      await fc.assert(
        fc.asyncProperty(gevallen(eindpunt, opzet, geldigPad), async (geval) => {
          telling.pogingen += 1;
          const eventsVoorDitGeval = await t.eventCount();
          const response = await stuur(eindpunt, opzet.gemeente, geval.padDelen, geval.body, geval.mediatype);
          telling.statussen[response.status] = (telling.statussen[response.status] ?? 0) + 1;
          const code = (response.body as { code?: unknown } | undefined)?.code;
          if (typeof code === 'string') telling.codes[code] = (telling.codes[code] ?? 0) + 1;

          // then: a Dutch 4xx problem, and not one event more
          const gebreken = gebrekenVan(response);
          const events = await t.eventCount();
          if (events !== eventsVoorDitGeval) gebreken.push(`${events - eventsVoorDitGeval} event(s) geschreven`);
          if (gebreken.length > 0) {
            throw new Error(`${geval.beschrijving}\n  → ${response.status} ${JSON.stringify(response.body).slice(0, 600)}\n  ${gebreken.join('; ')}`);
          }
        }),
        { numRuns: POGINGEN_PER_EINDPUNT },
      );
      telling.duurMs = Date.now() - gestart;

      // then: nothing was written, and the fuzz reached the rules behind the field validation
      expect(await t.eventCount()).toBe(eventsVooraf);
      expect(await t.eventCount(opzet.gemeente)).toBe(eventsGemeenteVooraf);
      expect(telling.pogingen).toBeGreaterThanOrEqual(POGINGEN_PER_EINDPUNT);
      const bereikt = opzet.diepeCodes.filter((code) => telling.codes[code] !== undefined);
      expect(bereikt.length).toBeGreaterThanOrEqual(Math.min(2, opzet.diepeCodes.length));

      // and the valid body in the same state is accepted: the state did not refuse everything
      const geldig = await stuur(eindpunt, opzet.gemeente, geldigPad, naarJson(opzet.basis), JSON_TYPE);
      expect({ status: geldig.status, body: geldig.body }).toEqual({ status: 201, body: expect.objectContaining({ eventId: expect.any(String) }) });
      expect(await t.eventCount(opzet.gemeente)).toBe(eventsGemeenteVooraf + 1);
    },
    TIMEOUT_PER_EINDPUNT_MS,
  );
});
