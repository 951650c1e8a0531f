import { Controller, Inject, Logger, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { VoerBegrotingCommandUit } from '../../application/begroting-command.handler';
import type { AuthenticatedRequest } from '../../auth/auth.guard';
import { Rollen, ToegangGeweigerd } from '../../auth/auth.guard';
import type { Rol } from '../../auth/principal';
import type { BegrotingCommand } from '../../domain/begroting/begroting.commands';
import { DomainError, ongeldig } from '../../domain/shared/domain-error';
import { csvRijen } from '../../exchange/csv-rijen';
import { type ImportRegel, type LeesOpties, leesImportRegels } from '../../exchange/import-regels';
import { XLSX_MEDIA_TYPE } from '../../exchange/xlsx';
import { leesXlsxRegels } from '../../exchange/xlsx-rijen';
import { commandResponse } from '../../http/command-response';
import { GemeentePipe, JaarPipe } from '../../http/path-params';
import { type RequestContext, Verzoek } from '../../http/request-context';
import { createValidationPipe, veldfoutenProbleem } from '../../http/validation';
import { canonicalJson, sha256Hex } from '../../shared/canonical-json';
import { CLOCK, type Clock } from '../../shared/clock';
import { RealisatieDto, type RealisatieRegelDto, realisatieRegelFouten, VaststellingDto, WijzigingDto } from '../begroting/dto/begroting.dto';
import { realisatieData, vaststellingData, wijzigingData } from '../begroting/begroting.controller';
import { IMPORT_SOORTEN, type ImportSoort, importOpdracht, MAX_IMPORT_REGELS, metRijen } from './import-opdracht';

/** Largest import file; the JSON limit (1 MiB) does not apply to it. */
const MAX_IMPORT_BYTES = 16 * 1024 * 1024;
const CSV_MEDIA_TYPE = /^text\/csv\b|^application\/csv\b/i;
const IS_XLSX = new RegExp(`^${XLSX_MEDIA_TYPE.replace(/[.+]/g, '\\$&')}\\b`, 'i');

const ROL_PER_SOORT: Record<ImportSoort, Rol> = { vaststelling: 'controller', wijziging: 'controller', realisatie: 'accountant' };

/**
 * Imports a spreadsheet (CSV or XLSX) as one command: all rows or none (API.md, Imports). The rows
 * become the JSON body of the same command, validated by the same DTOs and decided by the same
 * deciders, and every refusal names the spreadsheet row and column.
 */
@ApiTags('importen')
@ApiBearerAuth()
@Controller('gemeenten/:gm/begrotingen/:jaar/importen')
export class ImportenController {
  private readonly validatie = createValidationPipe();
  private readonly logger = new Logger('Importen');

  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Rollen('controller', 'accountant')
  @ApiConsumes('text/csv', XLSX_MEDIA_TYPE)
  @ApiQuery({ name: 'soort', required: true, enum: IMPORT_SOORTEN })
  @ApiQuery({ name: 'datum', required: false, description: 'realisatie: boekdatum (JJJJ-MM-DD)' })
  @ApiQuery({ name: 'kenmerk', required: false, description: 'kenmerk van het besluit of de boeking' })
  @ApiQuery({ name: 'besluitDatum', required: false, description: 'vaststelling, wijziging: datum van het besluit' })
  @ApiQuery({ name: 'besluitOrgaan', required: false, description: 'vaststelling, wijziging: raad of college' })
  @ApiQuery({ name: 'titel', required: false, description: 'wijziging: titel van het onderdeel' })
  @ApiQuery({ name: 'budgettairNeutraal', required: false, description: 'wijziging: true of false' })
  @ApiQuery({ name: 'aard', required: false, description: 'wijziging: incidenteel of structureel' })
  @ApiQuery({ name: 'toelichting', required: false, description: 'wijziging: toelichting bij het onderdeel' })
  async importeer(
    @Param('gm', GemeentePipe) gm: string,
    @Param('jaar', JaarPipe) jaar: number,
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
    @Verzoek() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const soort = query.soort;
    if (typeof soort !== 'string' || !(IMPORT_SOORTEN as readonly string[]).includes(soort)) {
      throw ongeldig('IMPORT.SOORT', `De queryparameter soort is verplicht: ${IMPORT_SOORTEN.join(', ')}.`, [{ veld: 'soort', melding: `soort moet ${IMPORT_SOORTEN.join(' of ')} zijn` }]);
    }
    const rol = ROL_PER_SOORT[soort as ImportSoort];
    const rollen = (request as AuthenticatedRequest).principal.rollen;
    if (!rollen.includes('beheerder') && !rollen.includes(rol)) {
      throw new ToegangGeweigerd('AUTH.ROL_ONTBREEKT', `Geen toegang: een import van soort ${soort} vraagt de rol ${rol}; het token heeft ${rollen.join(', ')}.`);
    }
    const upload = begrensd(request, MAX_IMPORT_BYTES);
    const velden = Object.fromEntries(Object.entries(query).filter(([naam, waarde]) => naam !== 'soort' && typeof waarde === 'string')) as Record<string, string>;
    // The rows themselves are not kept: the command's body holds the lines, the origins only row numbers.
    const opdracht = importOpdracht(
      soort as ImportSoort,
      await this.leesRegels(request, upload.stream, {
        maxRegels: MAX_IMPORT_REGELS[soort as ImportSoort],
        voortgang: (gelezen) => this.logger.log(`import ${soort} ${gm} ${jaar} (${context.requestId}): ${gelezen} regels gelezen`),
      }),
      velden,
    );
    // The body was a stream, so the request hash of an Idempotency-Key covers the file's bytes and the query here:
    // the same key with another file is a conflict, not a replay of the first import.
    const metBestand: RequestContext = context.idempotency
      ? { ...context, idempotency: { ...context.idempotency, requestHash: sha256Hex(canonicalJson({ methode: request.method, pad: request.path, query, bestand: upload.hash() })) } }
      : context;
    try {
      const command = await this.command(soort as ImportSoort, gm, jaar, opdracht.body, metBestand);
      return commandResponse(await this.commands.execute(new VoerBegrotingCommandUit(command, metBestand)), response);
    } catch (error) {
      throw metRijen(error, opdracht.herkomst);
    }
  }

  private async command(soort: ImportSoort, gemeente: string, jaar: number, body: Record<string, unknown>, context: RequestContext): Promise<BegrotingCommand> {
    const basis = { gemeente, jaar, nu: this.clock.now().toISOString(), actor: context.actor };
    switch (soort) {
      case 'vaststelling':
        return { ...basis, type: 'StelBegrotingVast', data: vaststellingData(await this.validatie.transform(body, { type: 'body', metatype: VaststellingDto })) };
      case 'wijziging':
        return { ...basis, type: 'StelBegrotingswijzigingVast', data: wijzigingData(await this.validatie.transform(body, { type: 'body', metatype: WijzigingDto })) };
      case 'realisatie':
        return { ...basis, type: 'BoekRealisatie', data: await this.realisatie(body) };
    }
  }

  /**
   * A realisatie of any length. Its lines are checked by the rules of RealisatieRegelDto without
   * class-validator (see realisatieRegelFouten: at 200,000 lines class-validator's garbage alone broke the
   * memory target); the other fields go through the DTO itself, with the first line standing in for
   * the list. Both sets of refusals come back together, as from the JSON command.
   */
  private async realisatie(body: Record<string, unknown>): Promise<ReturnType<typeof realisatieData>> {
    const regels = body.regels as RealisatieRegelDto[];
    const regelFouten = realisatieRegelFouten(regels);
    let kop: RealisatieDto;
    try {
      kop = await this.validatie.transform({ ...body, regels: regels.slice(0, 1) }, { type: 'body', metatype: RealisatieDto });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw veldfoutenProbleem([...error.fouten.filter((fout) => !fout.veld.startsWith('regels[')), ...regelFouten]);
    }
    if (regelFouten.length > 0) throw veldfoutenProbleem(regelFouten);
    return realisatieData({ ...kop, regels });
  }

  /** The rows of the upload, by its media type. */
  private leesRegels(request: Request, bestand: Readable, opties: LeesOpties): Promise<ImportRegel[]> {
    const mediaType = request.headers['content-type'] ?? '';
    if (CSV_MEDIA_TYPE.test(mediaType)) return leesImportRegels(csvRijen(bestand), opties);
    if (IS_XLSX.test(mediaType)) return leesXlsxRegels(bestand, opties);
    throw ongeldig('IMPORT.MEDIATYPE', `Een import is een CSV- of XLSX-bestand: stuur het met Content-Type text/csv of ${XLSX_MEDIA_TYPE}.`, [
      { veld: 'Content-Type', melding: `moet text/csv of ${XLSX_MEDIA_TYPE} zijn` },
    ]);
  }
}

/**
 * The request body as a stream that fails with a 413 past `maxBytes`, so no upload beyond the limit is
 * read (a CSV is never held whole; an XLSX is kept for a second read, see leesXlsxRegels), and the
 * SHA-256 of the bytes read (for the Idempotency-Key's request hash).
 */
function begrensd(request: Request, maxBytes: number): { stream: Readable; hash: () => string } {
  let gelezen = 0;
  const hash = createHash('sha256');
  const stream = Readable.from(
    (async function* () {
      for await (const stuk of request as AsyncIterable<Buffer>) {
        gelezen += stuk.length;
        if (gelezen > maxBytes) throw Object.assign(new Error('request entity too large'), { type: 'entity.too.large' });
        hash.update(stuk);
        yield stuk;
      }
    })(),
  );
  return { stream, hash: () => hash.copy().digest('hex') };
}
