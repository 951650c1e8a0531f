import { Body, Controller, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { VoerBegrotingCommandUit } from '../../application/begroting-command.handler';
import { Rollen } from '../../auth/auth.guard';
import type { BegrotingCommand } from '../../domain/begroting/begroting.commands';
import { commandResponse } from '../../http/command-response';
import { GemeentePipe, JaarPipe } from '../../http/path-params';
import { type RequestContext, Verzoek } from '../../http/request-context';
import { CLOCK, type Clock } from '../../shared/clock';
import { normaliseerBedrag } from '../../shared/money';
import {
  CorrectieDto,
  JaarrekeningDto,
  ProjectmutatieDto,
  RealisatieDto,
  ReservemutatieDto,
  ToelichtingDto,
  VaststellingDto,
  WijzigingDto,
} from './dto/begroting.dto';

type CommandData<T extends BegrotingCommand['type']> = Extract<BegrotingCommand, { type: T }>['data'];

/** A plain copy of a besluit DTO without absent members. */
const besluit = (dto: { datum: string; orgaan: 'raad' | 'college'; kenmerk?: string }) => ({
  datum: dto.datum,
  orgaan: dto.orgaan,
  ...(dto.kenmerk !== undefined ? { kenmerk: dto.kenmerk } : {}),
});

/** The budget year's writes: from vaststelling to jaarrekening and corrections (API.md). Rules live in the domain. */
@ApiTags('begroting')
@ApiBearerAuth()
@Controller('gemeenten/:gm/begrotingen/:jaar')
export class BegrotingController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private async voerUit<T extends BegrotingCommand['type']>(
    type: T,
    gemeente: string,
    jaar: number,
    data: CommandData<T>,
    context: RequestContext,
    response: Response,
  ) {
    const command = { type, gemeente, jaar, data, nu: this.clock.now().toISOString(), actor: context.actor } as BegrotingCommand;
    return commandResponse(await this.commands.execute(new VoerBegrotingCommandUit(command, context)), response);
  }

  @Post('vaststelling')
  @Rollen('controller')
  vaststelling(@Param('gm', GemeentePipe) gm: string, @Param('jaar', JaarPipe) jaar: number, @Body() body: VaststellingDto, @Verzoek() context: RequestContext, @Res({ passthrough: true }) response: Response) {
    return this.voerUit('StelBegrotingVast', gm, jaar, vaststellingData(body), context, response);
  }

  @Post('projectmutaties')
  @Rollen('controller')
  projectmutatie(@Param('gm', GemeentePipe) gm: string, @Param('jaar', JaarPipe) jaar: number, @Body() body: ProjectmutatieDto, @Verzoek() context: RequestContext, @Res({ passthrough: true }) response: Response) {
    const data = { krediet: body.krediet, doel: body.doel, bedrag: normaliseerBedrag(body.bedrag), datum: body.datum, ...(body.reserve ? { reserve: body.reserve } : {}) };
    return this.voerUit('BoekProjectmutatie', gm, jaar, data, context, response);
  }

  @Post('wijzigingen')
  @Rollen('controller')
  wijziging(@Param('gm', GemeentePipe) gm: string, @Param('jaar', JaarPipe) jaar: number, @Body() body: WijzigingDto, @Verzoek() context: RequestContext, @Res({ passthrough: true }) response: Response) {
    return this.voerUit('StelBegrotingswijzigingVast', gm, jaar, wijzigingData(body), context, response);
  }

  @Post('realisaties')
  @Rollen('accountant')
  realisatie(@Param('gm', GemeentePipe) gm: string, @Param('jaar', JaarPipe) jaar: number, @Body() body: RealisatieDto, @Verzoek() context: RequestContext, @Res({ passthrough: true }) response: Response) {
    return this.voerUit('BoekRealisatie', gm, jaar, realisatieData(body), context, response);
  }

  @Post('reservemutaties')
  @Rollen('accountant')
  reservemutatie(@Param('gm', GemeentePipe) gm: string, @Param('jaar', JaarPipe) jaar: number, @Body() body: ReservemutatieDto, @Verzoek() context: RequestContext, @Res({ passthrough: true }) response: Response) {
    const data = { reserve: body.reserve, doel: body.doel, soort: body.soort, bedrag: normaliseerBedrag(body.bedrag), datum: body.datum };
    return this.voerUit('BoekReservemutatie', gm, jaar, data, context, response);
  }

  @Post('toelichtingen')
  @Rollen('controller')
  toelichting(@Param('gm', GemeentePipe) gm: string, @Param('jaar', JaarPipe) jaar: number, @Body() body: ToelichtingDto, @Verzoek() context: RequestContext, @Res({ passthrough: true }) response: Response) {
    return this.voerUit('LichtVerschilToe', gm, jaar, { doel: body.doel, ...(body.kolom ? { kolom: body.kolom } : {}), tekst: body.tekst }, context, response);
  }

  @Post('jaarrekening')
  @Rollen('controller')
  jaarrekening(@Param('gm', GemeentePipe) gm: string, @Param('jaar', JaarPipe) jaar: number, @Body() body: JaarrekeningDto, @Verzoek() context: RequestContext, @Res({ passthrough: true }) response: Response) {
    return this.voerUit('StelJaarrekeningVast', gm, jaar, { besluit: besluit(body.besluit) }, context, response);
  }

  @Post('correcties')
  @Rollen('accountant')
  correctie(@Param('gm', GemeentePipe) gm: string, @Param('jaar', JaarPipe) jaar: number, @Body() body: CorrectieDto, @Verzoek() context: RequestContext, @Res({ passthrough: true }) response: Response) {
    const regels = body.regels.map((regel) => ({
      doel: regel.doel,
      kolom: regel.kolom,
      bedrag: normaliseerBedrag(regel.bedrag),
      ...(regel.reserve !== undefined ? { reserve: regel.reserve } : {}),
    }));
    const data = { corrigeert: body.corrigeert, reden: body.reden, regels, ...(body.datum ? { datum: body.datum } : {}) };
    return this.voerUit('BoekCorrectie', gm, jaar, data, context, response);
  }
}

/** The command data of a vaststelling (also used by the import of a vaststelling from a spreadsheet). */
export function vaststellingData(body: VaststellingDto): CommandData<'StelBegrotingVast'> {
  const regels = body.regels.map((regel) => ({
    doel: regel.doel,
    lasten: normaliseerBedrag(regel.lasten),
    baten: normaliseerBedrag(regel.baten),
    toevoegingReserves: regel.toevoegingReserves.map((r) => ({ reserve: r.reserve, bedrag: normaliseerBedrag(r.bedrag) })),
    onttrekkingReserves: regel.onttrekkingReserves.map((r) => ({ reserve: r.reserve, bedrag: normaliseerBedrag(r.bedrag) })),
  }));
  return { besluit: besluit(body.besluit), regels };
}

/** The command data of a begrotingswijziging (also used by the import). */
export function wijzigingData(body: WijzigingDto): CommandData<'StelBegrotingswijzigingVast'> {
  const onderdelen = body.onderdelen.map((onderdeel) => ({
    titel: onderdeel.titel,
    budgettairNeutraal: onderdeel.budgettairNeutraal,
    aard: onderdeel.aard,
    ...(onderdeel.toelichting !== undefined ? { toelichting: onderdeel.toelichting } : {}),
    regels: onderdeel.regels.map((regel) => ({
      doel: regel.doel,
      kolom: regel.kolom,
      bedrag: normaliseerBedrag(regel.bedrag),
      ...(regel.reserve !== undefined ? { reserve: regel.reserve } : {}),
    })),
  }));
  return { kenmerk: body.kenmerk, besluit: besluit(body.besluit), onderdelen };
}

/** The command data of a realisatie (also used by the import). */
export function realisatieData(body: RealisatieDto): CommandData<'BoekRealisatie'> {
  const regels = body.regels.map((regel) => ({ doel: regel.doel, kolom: regel.kolom, bedrag: normaliseerBedrag(regel.bedrag) }));
  return { datum: body.datum, ...(body.kenmerk !== undefined ? { kenmerk: body.kenmerk } : {}), regels };
}
