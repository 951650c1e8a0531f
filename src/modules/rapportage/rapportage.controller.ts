import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AsOf } from '../../../projections/as-of';
import type { DrempelOverrides } from '../../../projections/verschillenanalyse/verschillenanalyse.fold';
import { ongeldig } from '../../domain/shared/domain-error';
import { CodePipe, GemeentePipe, JaarPipe, JAAR_MAXIMUM, JAAR_MINIMUM } from '../../http/path-params';
import { AlsOp, Drempels, PaginaVan } from './as-of.query';
import { CSV_MEDIA_TYPE, verschillenanalyseAlsCsv } from '../../exchange/verschillenanalyse.csv';
import type { Pagina } from '../../../projections/historie/historie.fold';
import { RapportageService } from './rapportage.service';

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

/** `formaat=csv|json`, or else the Accept header; XLSX is not there yet and says so. */
function formaatVan(formaat: string | undefined, accept: string | undefined): 'json' | 'csv' {
  if (formaat === undefined) return /\btext\/csv\b/i.test(accept ?? '') ? 'csv' : 'json';
  if (formaat === 'csv' || formaat === 'json') return formaat;
  throw ongeldig('VERZOEK.FORMAAT', `formaat ${formaat === 'xlsx' ? 'xlsx wordt nog niet ondersteund' : 'is onbekend'}: kies json of csv.`, [{ veld: 'formaat', melding: 'formaat moet json of csv zijn' }]);
}

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
  overzicht(@Param('gm', GemeentePipe) gm: string, @Param('jaar', JaarPipe) jaar: number, @Param('doel', CodePipe) doel: string, @AlsOp() asOf: AsOf) {
    return this.rapportage.doeloverzicht(gm, jaar, doel, asOf);
  }

  @Get('begrotingen/:jaar/verschillenanalyse')
  @Peilmoment()
  @ApiQuery({ name: 'drempelBedrag', required: false })
  @ApiQuery({ name: 'drempelPercentage', required: false })
  @ApiQuery({ name: 'formaat', required: false, enum: ['json', 'csv'], description: 'csv: het overzicht als spreadsheet (ook met Accept: text/csv)' })
  @ApiProduces('application/json', 'text/csv')
  async verschillenanalyse(
    @Param('gm', GemeentePipe) gm: string,
    @Param('jaar', JaarPipe) jaar: number,
    @AlsOp() asOf: AsOf,
    @Drempels() drempel: DrempelOverrides,
    @Query('formaat') formaat: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const alsCsv = formaatVan(formaat, accept) === 'csv';
    const analyse = await this.rapportage.verschillenanalyse(gm, jaar, asOf, drempel);
    if (!alsCsv) return analyse;
    response.setHeader('Content-Type', CSV_MEDIA_TYPE);
    response.setHeader('Content-Disposition', `attachment; filename="verschillenanalyse-${gm}-${jaar}.csv"`);
    return verschillenanalyseAlsCsv(analyse);
  }

  @Get('begrotingen/:jaar/overzicht-baten-en-lasten')
  @Peilmoment()
  overzichtBatenEnLasten(@Param('gm', GemeentePipe) gm: string, @Param('jaar', JaarPipe) jaar: number, @AlsOp() asOf: AsOf) {
    return this.rapportage.overzichtBatenEnLasten(gm, jaar, asOf);
  }

  @Get('begrotingen/:jaar/doelen/:doel/historie')
  @Peilmoment()
  @Gepagineerd()
  doelHistorie(@Param('gm', GemeentePipe) gm: string, @Param('jaar', JaarPipe) jaar: number, @Param('doel', CodePipe) doel: string, @AlsOp() asOf: AsOf, @PaginaVan() pagina: Pagina) {
    return this.rapportage.historieVanDoel(gm, jaar, doel, asOf, pagina);
  }

  @Get('reserves/:code/staat')
  @Peilmoment()
  @ApiQuery({ name: 'jaar', required: true })
  reservestaat(@Param('gm', GemeentePipe) gm: string, @Param('code', CodePipe) code: string, @Query('jaar') jaar: string | undefined, @AlsOp() asOf: AsOf) {
    return this.rapportage.reservestaat(gm, code, jaarUitQuery(jaar), asOf);
  }

  @Get('reserves/:code/historie')
  @Peilmoment()
  @Gepagineerd()
  reserveHistorie(@Param('gm', GemeentePipe) gm: string, @Param('code', CodePipe) code: string, @AlsOp() asOf: AsOf, @PaginaVan() pagina: Pagina) {
    return this.rapportage.historieVanReserve(gm, code, asOf, pagina);
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
  kredietHistorie(@Param('gm', GemeentePipe) gm: string, @Param('code', CodePipe) code: string, @AlsOp() asOf: AsOf, @PaginaVan() pagina: Pagina) {
    return this.rapportage.historieVanKrediet(gm, code, asOf, pagina);
  }
}
