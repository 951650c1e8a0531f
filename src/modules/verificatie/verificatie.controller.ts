import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Rollen } from '../../auth/auth.guard';
import { GEMEENTE_CODE_PATTERN } from '../../domain/shared/begrippen';
import { ongeldig, onbekend } from '../../domain/shared/domain-error';
import { EVENT_STORE, type EventStore, type VerificationResult } from '../../event-store/event-store.port';
import { type RequestContext, Verzoek } from '../../http/request-context';

const HASH_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Recomputes a gemeente's hash chain. An auditor writes down `kopPositie` and `kopHash` and, a year
 * later, asks again with `totPositie` and `verwachteHash` to prove nothing before it changed.
 */
@ApiTags('verificatie')
@ApiBearerAuth()
@Controller('verificatie')
export class VerificatieController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @Rollen('auditor', 'beheerder')
  @ApiQuery({ name: 'gemeente', required: false, description: 'De gemeente waarvan de keten wordt geverifieerd (nodig als het token meer gemeenten heeft)' })
  @ApiQuery({
    name: 'totPositie',
    required: false,
    description: 'Verifieer tot en met deze positie, bijvoorbeeld een eerder genoteerde kopPositie. Ligt die voorbij het einde van het log, dan is de keten ongeldig: de ontbrekende positie wordt genoemd.',
  })
  @ApiQuery({ name: 'verwachteHash', required: false, description: 'De eerder genoteerde kopHash bij totPositie (SHA-256, hex)' })
  async verifieer(
    @Verzoek() context: RequestContext,
    @Query('gemeente') gemeente?: string,
    @Query('totPositie') totPositie?: string,
    @Query('verwachteHash') verwachteHash?: string,
  ): Promise<VerificationResult | { gemeenten: VerificationResult[]; geldig: boolean }> {
    const tot = parsePositie(totPositie);
    if (verwachteHash !== undefined && !HASH_PATTERN.test(verwachteHash)) {
      throw ongeldig('VERIFICATIE.HASH', 'verwachteHash moet 64 hexadecimale tekens (kleine letters) zijn.', [
        { veld: 'verwachteHash', melding: 'verwachteHash moet een SHA-256 in hex zijn' },
      ]);
    }
    const options = { totPositie: tot, verwachteHash };
    const allowed = context.principalGemeenten;
    if (gemeente !== undefined) {
      if (!GEMEENTE_CODE_PATTERN.test(gemeente) || (allowed !== '*' && !allowed.includes(gemeente))) {
        throw onbekend('GEMEENTE.ONBEKEND', `Gemeente ${gemeente} bestaat niet.`);
      }
      return this.store.verify(gemeente, options);
    }
    if (allowed !== '*' && allowed.length === 1) return this.store.verify(allowed[0], options);
    // Positions and hashes belong to one gemeente's chain: an anchor for several chains at once means nothing.
    if (tot !== undefined || verwachteHash !== undefined) {
      const veld = tot !== undefined ? 'totPositie' : 'verwachteHash';
      throw ongeldig('VERIFICATIE.GEMEENTE_ONTBREEKT', `${veld} hoort bij de keten van één gemeente: noem die gemeente met de parameter gemeente.`, [
        { veld: 'gemeente', melding: `verplicht bij ${veld} als het token meer dan één gemeente heeft` },
      ]);
    }
    // Several gemeenten (or a beheerder with all): every chain, each on its own.
    const codes = allowed === '*' ? (await this.store.heads()).map((head) => head.gemeente) : allowed;
    const gemeenten = await Promise.all(codes.map((code) => this.store.verify(code, options)));
    return { geldig: gemeenten.every((result) => result.geldig), gemeenten };
  }
}

function parsePositie(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) {
    throw ongeldig('VERIFICATIE.POSITIE', 'totPositie moet een geheel getal ≥ 0 zijn.', [{ veld: 'totPositie', melding: 'totPositie moet een geheel getal zijn' }]);
  }
  return Number.parseInt(value, 10);
}
