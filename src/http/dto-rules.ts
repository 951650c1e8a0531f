import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDefined, IsIn, IsOptional, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';

/** Short, Dutch-speaking compositions of class-validator rules for the DTOs. */
export const Verplicht = () => IsDefined({ message: 'is verplicht' });
/**
 * May be left out; when present it must be valid. `null` is a value, not an absence: class-validator's
 * IsOptional would let it through, and `kenmerk: null` would then be booked as the kenmerk "null".
 */
export const Optioneel = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
/** May be left out or be `null` (a field documented as nullable, such as `drempelPercentage`). */
export const OptioneelOfNull = () => IsOptional();
export const keuzeMelding = (values: readonly string[]) => `moet een van ${values.map((v) => `"${v}"`).join(', ')} zijn`;
export const Keuze = (values: readonly string[]) => IsIn([...values], { message: keuzeMelding(values) });
export const JaNee = () => IsBoolean({ message: 'moet true of false zijn' });

export const MAX_REGELS = 5000;

export function Lijst(minimum: number, maximum: number = MAX_REGELS) {
  return applyDecorators(
    IsArray({ message: 'moet een lijst zijn' }),
    ArrayMinSize(minimum, { message: `moet minstens ${minimum} element(en) bevatten` }),
    ArrayMaxSize(maximum, { message: `mag hoogstens ${maximum} elementen bevatten` }),
  );
}

const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A nested object (or a list of them, with `each`) validated by its own DTO class. ValidateNested alone
 * walks into an array where an object belongs (`besluit: [{…}]`, `regels: [[{…}]]`) and validates its
 * elements instead, so such a body passed and broke the handler; the shape is checked first.
 */
export function Genest(type: () => new () => object, each = false) {
  const message = each ? 'moet een lijst met objecten zijn' : 'moet een object zijn';
  return applyDecorators(
    ValidateBy({
      name: each ? 'isObjectLijst' : 'isObject',
      validator: {
        // A list that is no list at all is Lijst's finding ("moet een lijst zijn"); here only its elements.
        validate: (value: unknown) => (each ? !Array.isArray(value) || value.every(isObject) : isObject(value)),
        defaultMessage: () => message,
      },
    }),
    ValidateNested({ each, message }),
    Type(type),
  );
}
