import { Controller, createParamDecorator, type ExecutionContext, Get, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Historie } from '../../../projections/historie/historie.fold';
import type { AsOf } from '../../../projections/as-of';
import type { DrempelOverrides } from '../../../projections/verschillenanalyse/verschillenanalyse.fold';
import { ongeldig } from '../../domain/shared/domain-error';
import { CodePipe, GemeentePipe, JaarPipe, JAAR_MAXIMUM, JAAR_MINIMUM } from '../../http/path-params';
import { AlsOp, Drempels, PaginaVan } from './as-of.query';
import {
  doeloverzichtWerkmap,
  historieWerkmap,
  type HistorieOnderwerp,
  overzichtBatenEnLastenWerkmap,
  reservestaatWerkmap,
  verschillenanalyseWerkmap,
} from '../../exchange/rapport-werkmappen';
import { CSV_MEDIA_TYPE, type ExportFormaat, MEDIA_TYPE, type Werkmap, werkmapAlsCsv, werkmapAlsXlsx } from '../../exchange/werkmap';
import { XLSX_MEDIA_TYPE } from '../../exchange/xlsx';
import type { Pagina } from '../../../projections/historie/historie.fold';
import { type Rapport, RapportageService } from './rapportage.service';

const PEILMOMENT = [
  { name: 'peildatum', required: false, description: 'Effectieve datum ≤ (JJJJ-MM-DD)' },
  { name: 'bekendOp', required: false, description: 'Vastgelegd op of voor dit tijdstip (ISO-8601)' },
  { name: 'positie', required: false, description: 'Positie in het log van de gemeente ≤' },
];
const PAGINERING = [
  { name: 'limiet', required: false, description: 'Hoogstens zoveel items (1–1000, standaard 500)' },
  { name: 'naPositie', required: false, description: 'Items na deze positie: de waarde van `volgende` uit de vorige pagina' },
];
const Gepagineerd = () => (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
  for (const query of PAGINERING) ApiQuery(query)(target, key, descriptor);
};
const Peilmoment = () => (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
  for (const query of PEILMOMENT) ApiQuery(query)(target, key, descriptor);
};

type Formaat = 'json' | ExportFormaat;
const FORMATEN: readonly Formaat[] = ['json', 'csv', 'xlsx'];

/** `formaat=json|csv|xlsx`, or else the Accept header (text/csv, the XLSX media type); JSON by default. */
function formaatVan(formaat: string | undefined, accept: string | undefined): Formaat {
  if (formaat === undefined) {
    if (accept?.includes(XLSX_MEDIA_TYPE)) return 'xlsx';
    return /\btext\/csv\b/i.test(accept ?? '') ? 'csv' : 'json';
  }
  if ((FORMATEN as readonly string[]).includes(formaat)) return formaat as Formaat;
  throw ongeldig('VERZOEK.FORMAAT', `formaat ${formaat} is onbekend: kies json, csv of xlsx.`, [{ veld: 'formaat', melding: 'formaat moet json, csv of xlsx zijn' }]);
}

/** The format a request asks for (`formaat`, else Accept), read once for every report handler. */
const GevraagdFormaat = createParamDecorator((_: unknown, context: ExecutionContext): Formaat => {
  const request = context.switchToHttp().getRequest<Request>();
  const formaat = request.query.formaat;
  return formaatVan(formaat === undefined ? undefined : String(formaat), request.headers.accept);
});

/** A report as a download in the asked format, with exactly the JSON's numbers (src/exchange). */
/** A report's workbook rendered as the asked file, with the media type and disposition it goes out under. */
async function bestandVan(werkmap: Werkmap, formaat: ExportFormaat): Promise<{ inhoud: Buffer; type: string; disposition: string }> {
  const inhoud = formaat === 'csv' ? Buffer.from(werkmapAlsCsv(werkmap), 'utf8') : await werkmapAlsXlsx(werkmap);
  return { inhoud, type: MEDIA_TYPE[formaat], disposition: `attachment; filename="${werkmap.bestandsnaam}.${formaat}"` };
}

async function alsBestand(werkmap: Werkmap, formaat: ExportFormaat): Promise<StreamableFile> {
  const { inhoud, type, disposition } = await bestandVan(werkmap, formaat);
  return new StreamableFile(inhoud, { type, disposition, length: inhoud.length });
}

/** The answer in the asked format: the JSON as is, or the report's workbook. */
async function antwoord<T>(formaat: Formaat, rapport: T, werkmap: (rapport: T) => Werkmap): Promise<T | StreamableFile> {
  return formaat === 'json' ? rapport : alsBestand(werkmap(rapport), formaat);
}

/**
 * As `antwoord`, for a report whose JSON bytes are kept with its state: written to the response as
 * they are, in one `end`. Not through a StreamableFile: Nest pipes that through a stream, which cost
 * ~5 % of the service's CPU under load (profile in bench/RESULTATEN-rapporten.md). A client
 * that already holds these bytes (If-None-Match with the ETag) gets 304 without a body, as the
 * dashboard's files do; the state is still brought to the head first, so the ETag is that of now.
 */
async function stuurRapport<T>(formaat: Formaat, rapport: Rapport<T>, werkmap: (rapport: T) => Werkmap, request: Request, response: Response): Promise<void> {
  if (formaat !== 'json') {
    const { inhoud, type, disposition } = await bestandVan(werkmap(rapport.waarde), formaat);
    response.setHeader('Content-Type', type);
    response.setHeader('Content-Disposition', disposition);
    response.setHeader('Content-Length', inhoud.length);
    response.end(inhoud);
    return;
  }
  const { bytes, etag } = rapport.json();
  response.setHeader('ETag', etag);
  if (kentEtag(request.headers['if-none-match'], etag)) {
    response.status(304).end();
    return;
  }
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Content-Length', bytes.length);
  response.end(bytes);
}

/** Whether an If-None-Match header names this ETag (a list, weak forms and `*` included; RFC 9110 §13.1.2). */
function kentEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((kandidaat) => {
    const waarde = kandidaat.trim();
    return waarde === '*' || (waarde.startsWith('W/') ? waarde.slice(2) : waarde) === etag;
  });
}

/** An export holds the whole history unless a page was asked for; JSON pages by default. */
const exportPagina = (formaat: Formaat, pagina: Pagina, limiet: string | undefined): Pagina =>
  formaat === 'json' || limiet !== undefined ? pagina : { naPositie: pagina.naPositie, limiet: Number.MAX_SAFE_INTEGER };

const Exporteerbaar = () => (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
  ApiQuery({ name: 'formaat', required: false, enum: FORMATEN, description: 'csv of xlsx: het overzicht als spreadsheet (ook met Accept: text/csv of het XLSX-mediatype)' })(target, key, descriptor);
  ApiProduces('application/json', CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE)(target, key, descriptor);
};

function jaarUitQuery(value: string | undefined): number {
  const jaar = value !== undefined && /^\d{4}$/.test(value) ? Number.parseInt(value, 10) : Number.NaN;
  if (!(jaar >= JAAR_MINIMUM && jaar <= JAAR_MAXIMUM)) {
    throw ongeldig('VERZOEK.JAAR', 'De queryparameter jaar is verplicht: een begrotingsjaar van vier cijfers.', [{ veld: 'jaar', melding: 'jaar moet een jaartal zijn' }]);
  }
  return jaar;
}

/** Every report, as of any moment. Readable by all four roles within their gemeenten. */
@ApiTags('rapportage')
@ApiBearerAuth()
@Controller('gemeenten/:gm')
export class RapportageController {
  constructor(private readonly rapportage: RapportageService) {}

  @Get('begrotingen/:jaar/doelen/:doel/overzicht')
  @Peilmoment()
  @Exporteerbaar()
  async overzicht(
    @Param('gm', GemeentePipe) gm: string,
    @Param('jaar', JaarPipe) jaar: number,
    @Param('doel', CodePipe) doel: string,
    @AlsOp() asOf: AsOf,
    @GevraagdFormaat() gevraagd: Formaat,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await stuurRapport(gevraagd, await this.rapportage.doeloverzicht(gm, jaar, doel, asOf), doeloverzichtWerkmap, request, response);
  }

  @Get('begrotingen/:jaar/verschillenanalyse')
  @Peilmoment()
  @ApiQuery({ name: 'drempelBedrag', required: false })
  @ApiQuery({ name: 'drempelPercentage', required: false })
  @Exporteerbaar()
  async verschillenanalyse(
    @Param('gm', GemeentePipe) gm: string,
    @Param('jaar', JaarPipe) jaar: number,
    @AlsOp() asOf: AsOf,
    @Drempels() drempel: DrempelOverrides,
    @GevraagdFormaat() gevraagd: Formaat,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await stuurRapport(gevraagd, await this.rapportage.verschillenanalyse(gm, jaar, asOf, drempel), verschillenanalyseWerkmap, request, response);
  }

  @Get('begrotingen/:jaar/overzicht-baten-en-lasten')
  @Peilmoment()
  @Exporteerbaar()
  async overzichtBatenEnLasten(
    @Param('gm', GemeentePipe) gm: string,
    @Param('jaar', JaarPipe) jaar: number,
    @AlsOp() asOf: AsOf,
    @GevraagdFormaat() gevraagd: Formaat,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await stuurRapport(gevraagd, await this.rapportage.overzichtBatenEnLasten(gm, jaar, asOf), overzichtBatenEnLastenWerkmap, request, response);
  }

  @Get('begrotingen/:jaar/doelen/:doel/historie')
  @Peilmoment()
  @Gepagineerd()
  @Exporteerbaar()
  async doelHistorie(
    @Param('gm', GemeentePipe) gm: string,
    @Param('jaar', JaarPipe) jaar: number,
    @Param('doel', CodePipe) doel: string,
    @AlsOp() asOf: AsOf,
    @PaginaVan() pagina: Pagina,
    @Query('limiet') limiet: string | undefined,
    @GevraagdFormaat() gevraagd: Formaat,
  ) {
    const historie = await this.rapportage.historieVanDoel(gm, jaar, doel, asOf, exportPagina(gevraagd, pagina, limiet));
    return antwoord(gevraagd, historie, historieAlsWerkmap(gm, { soort: 'doel', jaar, code: doel }));
  }

  @Get('reserves/:code/staat')
  @Peilmoment()
  @ApiQuery({ name: 'jaar', required: true })
  @Exporteerbaar()
  async reservestaat(
    @Param('gm', GemeentePipe) gm: string,
    @Param('code', CodePipe) code: string,
    @Query('jaar') jaar: string | undefined,
    @AlsOp() asOf: AsOf,
    @GevraagdFormaat() gevraagd: Formaat,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await stuurRapport(gevraagd, await this.rapportage.reservestaat(gm, code, jaarUitQuery(jaar), asOf), reservestaatWerkmap, request, response);
  }

  @Get('reserves/:code/historie')
  @Peilmoment()
  @Gepagineerd()
  @Exporteerbaar()
  async reserveHistorie(
    @Param('gm', GemeentePipe) gm: string,
    @Param('code', CodePipe) code: string,
    @AlsOp() asOf: AsOf,
    @PaginaVan() pagina: Pagina,
    @Query('limiet') limiet: string | undefined,
    @GevraagdFormaat() gevraagd: Formaat,
  ) {
    const historie = await this.rapportage.historieVanReserve(gm, code, asOf, exportPagina(gevraagd, pagina, limiet));
    return antwoord(gevraagd, historie, historieAlsWerkmap(gm, { soort: 'reserve', code }));
  }

  @Get('kredieten/:code/overzicht')
  @Peilmoment()
  @ApiQuery({ name: 'jaar', required: true })
  kredietoverzicht(@Param('gm', GemeentePipe) gm: string, @Param('code', CodePipe) code: string, @Query('jaar') jaar: string | undefined, @AlsOp() asOf: AsOf) {
    return this.rapportage.kredietoverzicht(gm, code, jaarUitQuery(jaar), asOf);
  }

  @Get('kredieten/:code/historie')
  @Peilmoment()
  @Gepagineerd()
  @Exporteerbaar()
  async kredietHistorie(
    @Param('gm', GemeentePipe) gm: string,
    @Param('code', CodePipe) code: string,
    @AlsOp() asOf: AsOf,
    @PaginaVan() pagina: Pagina,
    @Query('limiet') limiet: string | undefined,
    @GevraagdFormaat() gevraagd: Formaat,
  ) {
    const historie = await this.rapportage.historieVanKrediet(gm, code, asOf, exportPagina(gevraagd, pagina, limiet));
    return antwoord(gevraagd, historie, historieAlsWerkmap(gm, { soort: 'krediet', code }));
  }
}

const historieAlsWerkmap = (gemeente: string, onderwerp: HistorieOnderwerp) => (historie: Historie<unknown>) => historieWerkmap(gemeente, onderwerp, historie);
