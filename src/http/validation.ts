import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { ongeldig, type VeldFout } from '../domain/shared/domain-error';
import { isBedrag } from '../shared/money';

/**
 * Field rules of the JSON edge, with Dutch messages that name the field and the rule. Amounts must be
 * strings: a JSON number where an amount belongs is refused (it may already have lost precision).
 */
export function IsBedrag(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBedrag',
      validator: {
        validate: (value: unknown) => isBedrag(value),
        defaultMessage: (args) => {
          const value = args?.value;
          if (typeof value === 'number') return 'moet een bedrag als tekst zijn (bijvoorbeeld "2852268.00"), geen JSON-getal';
          return 'moet een bedrag zijn: tekst met hoogstens 13 cijfers voor en 2 na de punt, zonder exponent (regel 4)';
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

/** Non-empty text of at most `maxLength` characters without control characters. */
export function IsTekst(maxLength: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTekst',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.trim().length > 0 && value.length <= maxLength && !CONTROL_CHARACTERS.test(value),
        defaultMessage: () => `moet niet-lege tekst zijn van hoogstens ${maxLength} tekens, zonder stuurtekens`,
      },
    },
    options,
  );
}

/** A code (doel, reserve, krediet): letters, digits, dots, dashes and underscores. */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/;
export function IsCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCode',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && CODE_PATTERN.test(value),
        defaultMessage: () => 'moet een code zijn van 1 tot 50 letters, cijfers, punten, streepjes of underscores',
      },
    },
    options,
  );
}

/** Messages are predicates ("moet een bedrag zijn"); the field path is put in front. */
function translate(constraint: string, message: string): string {
  if (constraint === 'whitelistValidation') return 'is geen bekend veld';
  if (constraint === 'nestedValidation') return 'moet een object of lijst met objecten zijn';
  if (constraint === 'unknownValue') return 'moet een JSON-object zijn';
  return message;
}

function collect(errors: ValidationError[], parent: string, into: VeldFout[]): void {
  for (const error of errors) {
    const isIndex = /^\d+$/.test(error.property);
    const path = parent === '' ? error.property : isIndex ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
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
  const shown = fouten.slice(0, MAX_VELDFOUTEN);
  const detail =
    shown.length === 0
      ? 'Het verzoek is ongeldig.'
      : `Het verzoek is ongeldig: ${shown.slice(0, 3).map((fout) => fout.melding).join('; ')}${shown.length > 3 ? ` (en ${shown.length - 3} meer)` : ''}.`;
  return ongeldig('VERZOEK.ONGELDIG', detail, shown);
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => validationErrorsToProblem(errors),
  });
}
