import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDefined, IsIn, IsOptional, ValidateNested } from 'class-validator';

/** Short, Dutch-speaking compositions of class-validator rules for the DTOs. */
export const Verplicht = () => IsDefined({ message: 'is verplicht' });
export const Optioneel = () => IsOptional();
export const Keuze = (values: readonly string[]) => IsIn([...values], { message: `moet een van ${values.map((v) => `"${v}"`).join(', ')} zijn` });
export const JaNee = () => IsBoolean({ message: 'moet true of false zijn' });

export const MAX_REGELS = 5000;

export function Lijst(minimum: number, maximum: number = MAX_REGELS) {
  return applyDecorators(
    IsArray({ message: 'moet een lijst zijn' }),
    ArrayMinSize(minimum, { message: `moet minstens ${minimum} element(en) bevatten` }),
    ArrayMaxSize(maximum, { message: `mag hoogstens ${maximum} elementen bevatten` }),
  );
}

/** A nested object (or a list of them, with `each`) validated by its own DTO class. */
export function Genest(type: () => new () => object, each = false) {
  return applyDecorators(
    ValidateNested({ each, message: each ? 'moet een lijst met objecten zijn' : 'moet een object zijn' }),
    Type(type),
  );
}
