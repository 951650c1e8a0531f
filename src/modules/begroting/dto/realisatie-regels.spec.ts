import 'reflect-metadata';
import fc from 'fast-check';
import { DomainError, type VeldFout } from '../../../domain/shared/domain-error';
import { createValidationPipe } from '../../../http/validation';
import { RealisatieDto, realisatieRegelFouten } from './begroting.dto';

/** What the JSON command's validation says about these lines (the DTO through Nest's pipe, as a request would go). */
async function foutenVanDto(regels: unknown[]): Promise<readonly VeldFout[]> {
  try {
    await createValidationPipe().transform({ datum: '2022-12-31', regels }, { type: 'body', metatype: RealisatieDto });
    return [];
  } catch (error) {
    if (error instanceof DomainError) return error.fouten;
    throw error;
  }
}

// Text values as an import row delivers them (never empty: the row reader refuses an empty doel or kolom).
const doel = fc.oneof(fc.constantFrom('2.3.1', 'A_1-b', '.1', '2 3', 'x'.repeat(51), 'é', '1;2', "1'--"), fc.string({ minLength: 1, maxLength: 8 }));
const kolom = fc.oneof(fc.constantFrom('lasten', 'baten', 'Lasten', 'toevoegingReserves', 'lasten ', 'onttrekkingReserves'), fc.string({ minLength: 1, maxLength: 8 }));
const bedrag = fc.oneof(fc.constantFrom('1.00', '-5', '0.5', '1.234', '1e5', '10000000000000', '1.000,00'), fc.string({ minLength: 1, maxLength: 8 }));

describe('the realisatie line rules, checked without class-validator for imports', () => {
  it('given any lines an import can deliver, when checked, then the refusals are exactly those of the JSON command (field, message, order)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ doel, kolom, bedrag }), { minLength: 1, maxLength: 30 }), async (regels) => {
        expect(realisatieRegelFouten(regels)).toEqual(await foutenVanDto(regels));
      }),
      { numRuns: 300 },
    );
  });

  it('given more bad lines than an answer shows, when checked, then it names as many as the JSON command does', async () => {
    // given
    const regels = Array.from({ length: 40 }, () => ({ doel: '2 3', kolom: 'lasten', bedrag: '1.00' }));

    // when
    const fouten = realisatieRegelFouten(regels);

    // then
    expect(fouten).toEqual(await foutenVanDto(regels));
    expect(fouten[0]).toEqual({ veld: 'regels[0].doel', melding: expect.stringContaining('regels[0].doel moet een code zijn') });
  });
});
