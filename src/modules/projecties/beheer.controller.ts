import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Rollen, ToegangGeweigerd } from '../../auth/auth.guard';
import { type RequestContext, Verzoek } from '../../http/request-context';
import { ProjectiesService } from './projecties.service';

/** Operations on the read models. A rebuild covers every gemeente, so it needs a beheerder of all (`gemeenten: ["*"]`). */
@ApiTags('beheer')
@ApiBearerAuth()
@Controller('beheer/projecties')
export class BeheerController {
  constructor(private readonly projecties: ProjectiesService) {}

  @Post('herbouw')
  @HttpCode(200)
  @Rollen('beheerder')
  @ApiOkResponse({ description: 'Alle leesmodellen opnieuw opgebouwd uit de events en ingewisseld: {events, gemeenten, duurMs}.' })
  herbouw(@Verzoek() context: RequestContext) {
    if (context.principalGemeenten !== '*') {
      throw new ToegangGeweigerd('AUTH.HERBOUW_ALLE_GEMEENTEN', 'Geen toegang: een herbouw raakt alle gemeenten en vraagt een beheerder-token voor gemeenten ["*"].');
    }
    return this.projecties.herbouw();
  }
}
