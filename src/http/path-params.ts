import { type PipeTransform, Injectable } from '@nestjs/common';
import { GEMEENTE_CODE_PATTERN } from '../domain/shared/begrippen';
import { onbekend } from '../domain/shared/domain-error';

/** `{gm}` in a path: a CBS code, otherwise the resource does not exist. */
@Injectable()
export class GemeentePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!GEMEENTE_CODE_PATTERN.test(value)) throw onbekend('GEMEENTE.ONBEKEND', `Gemeente ${JSON.stringify(value)} bestaat niet (verwacht GM gevolgd door vier cijfers).`);
    return value;
  }
}

export const JAAR_MINIMUM = 1900;
export const JAAR_MAXIMUM = 2999;

/**
 * `{jaar}` in a path: a four-digit budget year. It reads the path's own text (the global ValidationPipe
 * leaves path parameters alone): a number made of it by `Number()` would let `2024.0` or `0x7E8` pass.
 */
@Injectable()
export class JaarPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const jaar = typeof value === 'string' && /^\d{4}$/.test(value) ? Number.parseInt(value, 10) : Number.NaN;
    if (!(jaar >= JAAR_MINIMUM && jaar <= JAAR_MAXIMUM)) {
      throw onbekend('BEGROTINGSJAAR.ONBEKEND', `Begrotingsjaar ${JSON.stringify(value)} bestaat niet (verwacht een jaar van ${JAAR_MINIMUM} tot ${JAAR_MAXIMUM}).`);
    }
    return jaar;
  }
}

/** A code segment (`{doel}`, `{code}`) of a path. */
@Injectable()
export class CodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/.test(value)) throw onbekend('RESOURCE.ONBEKEND', `${JSON.stringify(value)} bestaat niet.`);
    return value;
  }
}
