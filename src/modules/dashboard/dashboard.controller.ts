import { Controller, Get, Headers, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Openbaar } from '../../auth/auth.guard';
import { onbekend } from '../../domain/shared/domain-error';
import { BESTANDSNAAM, type DashboardBestand } from './dashboard-bestanden';

export const DASHBOARD_BESTANDEN = Symbol('DASHBOARD_BESTANDEN');

/**
 * What the browser may do on a dashboard page: scripts, styles and requests only from this origin, no
 * inline script or style, no forms that navigate (the token form is handled by script, so a token can
 * never end up in a URL), no framing, no plugins.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The dashboard's static files: `/` is the page, `/dashboard/<naam>` its scripts and styles. They carry
 * no data and answer without a token; every figure comes from the JSON API with the user's token.
 */
@ApiExcludeController()
@Openbaar()
@Controller()
export class DashboardController {
  constructor(@Inject(DASHBOARD_BESTANDEN) private readonly bestanden: ReadonlyMap<string, DashboardBestand>) {}

  @Get()
  pagina(@Headers('if-none-match') etag: string | undefined, @Res() response: Response): void {
    this.stuur(this.bestand('index.html'), etag, response);
  }

  @Get('dashboard/:bestand')
  onderdeel(@Param('bestand') naam: string, @Headers('if-none-match') etag: string | undefined, @Res() response: Response): void {
    // index.html lives at `/` only, so the page has one address.
    if (naam === 'index.html' || !BESTANDSNAAM.test(naam)) throw this.nietGevonden();
    this.stuur(this.bestand(naam), etag, response);
  }

  private bestand(naam: string): DashboardBestand {
    const bestand = this.bestanden.get(naam);
    if (!bestand) throw this.nietGevonden();
    return bestand;
  }

  private nietGevonden() {
    return onbekend('DASHBOARD.ONBEKEND', 'Dit bestand hoort niet bij het dashboard.');
  }

  private stuur(bestand: DashboardBestand, etag: string | undefined, response: Response): void {
    response.setHeader('Content-Security-Policy', DASHBOARD_CSP);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    // Revalidate every time: after an upgrade the browser must not mix old and new modules.
    response.setHeader('Cache-Control', 'no-cache');
    response.setHeader('ETag', bestand.etag);
    if (etag === bestand.etag) {
      response.status(304).end();
      return;
    }
    response.status(200).type(bestand.mediaType).send(bestand.inhoud);
  }
}
