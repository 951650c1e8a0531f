import { Body, Controller, Inject, Param, Post, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { VoerBegrotingCommandUit } from '../../application/begroting-command.handler';
import { VoerGemeenteCommandUit } from '../../application/gemeente-command.handler';
import { Rollen, ToegangGeweigerd } from '../../auth/auth.guard';
import { CLOCK, type Clock } from '../../shared/clock';
import { normaliseerBedrag } from '../../shared/money';
import { commandResponse } from '../../http/command-response';
import { CodePipe, GemeentePipe, JaarPipe } from '../../http/path-params';
import { type RequestContext, Verzoek } from '../../http/request-context';
import { BalanssaldoDto, DoelenDto, GemeenteRegistrerenDto, InstellingenDto, KredietVerlenenDto, KredietWijzigenDto, ReserveInstellenDto } from './dto/registratie.dto';

/** Default programma of a doel: its code without the last dotted part (`2.3.1` → `2.3`; `5` → `5`). */
const programmaVan = (code: string) => (code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : code);

/** Registration by the beheerder: gemeenten, doelen, reserves, kredieten, settings; and balance-sheet balances. */
@ApiTags('registratie')
@ApiBearerAuth()
@Controller('gemeenten')
export class RegistratieController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private nu(): string {
    return this.clock.now().toISOString();
  }

  @Post()
  @Rollen('beheerder')
  async registreer(@Body() body: GemeenteRegistrerenDto, @Verzoek() context: RequestContext, @Res({ passthrough: true }) response: Response) {
    if (context.principalGemeenten !== '*' && !context.principalGemeenten.includes(body.code)) {
      throw new ToegangGeweigerd('AUTH.ANDERE_GEMEENTE', `Geen toegang: het token geeft geen recht op gemeente ${body.code}.`);
    }
    const command = { type: 'RegistreerGemeente' as const, gemeente: body.code, data: { naam: body.naam }, nu: this.nu(), actor: context.actor };
    return commandResponse(await this.commands.execute(new VoerGemeenteCommandUit(command, context)), response);
  }

  @Put(':gm/instellingen')
  @Rollen('beheerder')
  async instellingen(@Param('gm', GemeentePipe) gemeente: string, @Body() body: InstellingenDto, @Verzoek() context: RequestContext, @Res({ passthrough: true }) response: Response) {
    const data = { drempelBedrag: normaliseerBedrag(body.drempelBedrag), drempelPercentage: body.drempelPercentage ?? null };
    const command = { type: 'WijzigInstellingen' as const, gemeente, data, nu: this.nu(), actor: context.actor };
    return commandResponse(await this.commands.execute(new VoerGemeenteCommandUit(command, context)), response);
  }

  @Put(':gm/begrotingen/:jaar/doelen')
  @Rollen('beheerder')
  async doelen(
    @Param('gm', GemeentePipe) gemeente: string,
    @Param('jaar', JaarPipe) jaar: number,
    @Body() body: DoelenDto,
    @Verzoek() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const doelen = body.doelen.map((doel) => ({ code: doel.code, naam: doel.naam, programma: doel.programma ?? programmaVan(doel.code) }));
    const command = { type: 'LegDoelenVast' as const, gemeente, jaar, data: { doelen }, nu: this.nu(), actor: context.actor };
    return commandResponse(await this.commands.execute(new VoerBegrotingCommandUit(command, context)), response);
  }

  @Post(':gm/reserves')
  @Rollen('beheerder')
  async reserve(@Param('gm', GemeentePipe) gemeente: string, @Body() body: ReserveInstellenDto, @Verzoek() context: RequestContext, @Res({ passthrough: true }) response: Response) {
    const data = { reserve: body.code, naam: body.naam, soort: body.soort, beginsaldo: normaliseerBedrag(body.beginsaldo), peildatum: body.peildatum };
    const command = { type: 'StelReserveIn' as const, gemeente, data, nu: this.nu(), actor: context.actor };
    return commandResponse(await this.commands.execute(new VoerGemeenteCommandUit(command, context)), response);
  }

  @Post(':gm/kredieten')
  @Rollen('beheerder')
  async krediet(@Param('gm', GemeentePipe) gemeente: string, @Body() body: KredietVerlenenDto, @Verzoek() context: RequestContext, @Res({ passthrough: true }) response: Response) {
    const data = { krediet: body.code, naam: body.naam, doel: body.doel, omvang: normaliseerBedrag(body.omvang), besluit: { ...body.besluit } };
    const command = { type: 'VerleenKrediet' as const, gemeente, data, nu: this.nu(), actor: context.actor };
    return commandResponse(await this.commands.execute(new VoerGemeenteCommandUit(command, context)), response);
  }

  @Post(':gm/kredieten/:code/wijzigingen')
  @Rollen('beheerder')
  async kredietWijziging(
    @Param('gm', GemeentePipe) gemeente: string,
    @Param('code', CodePipe) krediet: string,
    @Body() body: KredietWijzigenDto,
    @Verzoek() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const data = { krediet, bedrag: normaliseerBedrag(body.bedrag), besluit: { ...body.besluit } };
    const command = { type: 'WijzigKrediet' as const, gemeente, data, nu: this.nu(), actor: context.actor };
    return commandResponse(await this.commands.execute(new VoerGemeenteCommandUit(command, context)), response);
  }

  @Post(':gm/reserves/:code/balanssaldi')
  @Rollen('accountant', 'beheerder')
  async balanssaldo(
    @Param('gm', GemeentePipe) gemeente: string,
    @Param('code', CodePipe) reserve: string,
    @Body() body: BalanssaldoDto,
    @Verzoek() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const data = { reserve, datum: body.datum, saldo: normaliseerBedrag(body.saldo) };
    const command = { type: 'LegBalanssaldoVast' as const, gemeente, data, nu: this.nu(), actor: context.actor };
    return commandResponse(await this.commands.execute(new VoerGemeenteCommandUit(command, context)), response);
  }
}
