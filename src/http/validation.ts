import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { ongeldig, type VeldFout } from '../domain/shared/domain-error';
import { isBedrag } from '../shared/money';
import { MAX_REGELS } from './dto-rules';

/**
 * Field rules of the JSON edge, with Dutch messages that name the field and the rule. Amounts must be
 * strings: a JSON number where an amount belongs is refused (it may already have lost precision).
 */
export const BEDRAG_MELDING = 'moet een bedrag zijn: tekst met hoogstens 13 cijfers voor en 2 na de punt, zonder exponent (regel 4)';

export function IsBedrag(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBedrag',
      validator: {
        validate: (value: unknown) => isBedrag(value),
        defaultMessage: (args) => {
          const value = args?.value;
          if (typeof value === 'number') return 'moet een bedrag als tekst zijn (bijvoorbeeld "2852268.00"), geen JSON-getal';
          return BEDRAG_MELDING;
        },
      },
    },
    options,
  );
}

const DATUM_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDatum(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATUM_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [match[1], match[2], match[3]].map((part) => Number.parseInt(part, 10));
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** A real calendar date `YYYY-MM-DD` (2023-02-30 is refused). */
export function IsDatum(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDatum',
      validator: {
        validate: (value: unknown) => isDatum(value),
        defaultMessage: () => 'moet een bestaande datum zijn in de vorm JJJJ-MM-DD',
      },
    },
    options,
  );
}

// Control characters other than tab, line feed and carriage return have no place in ledger texts
// (and PostgreSQL's jsonb cannot store U+0000).
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// A lone UTF-16 surrogate ("\ud800" in JSON) is no character at all: PostgreSQL's jsonb refuses it, so
// it would fail the append with a 500 instead of a 400.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Non-empty text of at most `maxLength` characters without control characters or lone surrogates. */
export function IsTekst(maxLength: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTekst',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          value.trim().length > 0 &&
          value.length <= maxLength &&
          !CONTROL_CHARACTERS.test(value) &&
          !LONE_SURROGATE.test(value),
        defaultMessage: () => `moet niet-lege tekst zijn van hoogstens ${maxLength} tekens, zonder stuurtekens of losse surrogaten (ongeldige Unicode)`,
      },
    },
    options,
  );
}

/** A code (doel, reserve, krediet): letters, digits, dots, dashes and underscores. */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/;
export const isCode = (value: unknown): value is string => typeof value === 'string' && CODE_PATTERN.test(value);
export const CODE_MELDING = 'moet een code zijn van 1 tot 50 letters, cijfers, punten, streepjes of underscores';
export function IsCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isCode', validator: { validate: isCode, defaultMessage: () => CODE_MELDING } }, options);
}

/** Messages are predicates ("moet een bedrag zijn"); the field path is put in front. */
function translate(constraint: string, message: string): string {
  if (constraint === 'whitelistValidation') return 'is geen bekend veld';
  if (constraint === 'nestedValidation') return 'moet een object of lijst met objecten zijn';
  if (constraint === 'unknownValue') return 'moet een JSON-object zijn';
  // Nest's own check of an array body ("Validation failed (object is expected)") speaks English.
  if (constraint === 'isObject') return 'moet een JSON-object zijn';
  return message;
}

function collect(errors: ValidationError[], parent: string, into: VeldFout[]): void {
  for (const error of errors) {
    const isIndex = /^\d+$/.test(error.property);
    const path = parent === '' ? error.property : isIndex ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
    const constraints = error.constraints ?? {};
    for (const [constraint, message] of Object.entries(constraints)) {
      // The shape check of Genest already says what is wrong; ValidateNested would say it again.
      if (constraint === 'nestedValidation' && (constraints.isObject || constraints.isObjectLijst)) continue;
      const veld = path === '' ? 'body' : path;
      into.push({ veld, melding: `${veld} ${translate(constraint, message)}` });
    }
    if (error.children?.length) collect(error.children, path, into);
  }
}

export const MAX_VELDFOUTEN = 20;

export function validationErrorsToProblem(errors: ValidationError[]) {
  const fouten: VeldFout[] = [];
  collect(errors, '', fouten);
  return veldfoutenProbleem(fouten);
}

/** The 400 answer for field errors: the first MAX_VELDFOUTEN of them, the first three in the detail. */
export function veldfoutenProbleem(fouten: VeldFout[]) {
  const shown = fouten.slice(0, MAX_VELDFOUTEN);
  const detail =
    shown.length === 0
      ? 'Het verzoek is ongeldig.'
      : `Het verzoek is ongeldig: ${shown.slice(0, 3).map((fout) => fout.melding).join('; ')}${shown.length > 3 ? ` (en ${shown.length - 3} meer)` : ''}.`;
  return ongeldig('VERZOEK.ONGELDIG', detail, shown);
}

/**
 * How deep a body may nest. The deepest valid body (a wijziging: body → onderdelen → onderdeel → regels →
 * regel → bedrag) has six levels; class-transformer copies a body recursively and runs out of stack after
 * about a thousand (a 500), so the shape is checked first.
 */
export const MAX_DIEPTE = 32;

/**
 * Keys that `forbidNonWhitelisted` misses: class-transformer and Nest drop `__proto__` and `constructor`
 * without a word, and class-validator looks a key up in a plain object, so `hasOwnProperty`,
 * `isPrototypeOf` and the other names of Object.prototype count as known fields. Every unknown field
 * is refused, these too.
 */
const VERBODEN_SLEUTELS = new Set(['prototype', ...Object.getOwnPropertyNames(Object.prototype)]);

/** Field errors of the shape of a body that must be found before class-transformer copies it. */
export function vormfouten(body: unknown): VeldFout[] {
  const fouten: VeldFout[] = [];
  // Iterative, so a deeply nested body cannot exhaust the stack here either; bounded by MAX_DIEPTE.
  const stapel: { waarde: unknown; pad: string; diepte: number }[] = [{ waarde: body, pad: '', diepte: 0 }];
  while (fouten.length < MAX_VELDFOUTEN) {
    const volgende = stapel.pop();
    if (volgende === undefined) break;
    const { waarde, pad, diepte } = volgende;
    if (waarde === null || typeof waarde !== 'object') continue;
    const veld = pad === '' ? 'body' : pad;
    if (diepte >= MAX_DIEPTE) {
      fouten.push({ veld, melding: `${veld} is te diep genest: een body heeft hoogstens ${MAX_DIEPTE} niveaus van objecten en lijsten` });
      continue;
    }
    if (Array.isArray(waarde)) {
      if (waarde.length > MAX_REGELS) {
        fouten.push({ veld, melding: `${veld} mag hoogstens ${MAX_REGELS} elementen bevatten` });
        continue;
      }
      waarde.forEach((element, index) => stapel.push({ waarde: element, pad: `${pad}[${index}]`, diepte: diepte + 1 }));
      continue;
    }
    for (const sleutel of Object.keys(waarde)) {
      const kind = pad === '' ? sleutel : `${pad}.${sleutel}`;
      if (VERBODEN_SLEUTELS.has(sleutel)) {
        fouten.push({ veld: kind, melding: `${kind} is geen bekend veld` });
        continue;
      }
      stapel.push({ waarde: (waarde as Record<string, unknown>)[sleutel], pad: kind, diepte: diepte + 1 });
    }
  }
  return fouten;
}

/**
 * Nest's ValidationPipe with two changes at the edge: a body's shape (depth, width, hidden keys) is
 * checked before it is copied, and path parameters are left as text for their own pipes. With
 * `transform: true` Nest would turn a `number` path parameter into `+value` first, and `JaarPipe` would
 * then accept `2024.0`, `02024`, `0x7E8` or ` 2024` as the year 2024.
 */
class LedgerValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      const fouten = vormfouten(value);
      if (fouten.length > 0) throw veldfoutenProbleem(fouten);
    }
    return super.transform(value, metadata);
  }

  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'param') return value;
    return super.transformPrimitive(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new LedgerValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => validationErrorsToProblem(errors),
  });
}
