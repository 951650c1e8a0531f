import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '../domain/shared/domain-error';
import { LedgerSettings } from '../config/ledger-settings';
import { type Principal, type Rol, magGemeente } from './principal';
import { TokenError, TokenVerifier } from './tokens';

const OPENBAAR = 'begroot:openbaar';
export const ROLLEN_METADATA = 'begroot:rollen';

/** A route that answers without a token (health, OpenAPI). */
export const Openbaar = () => SetMetadata(OPENBAAR, true);
/** The roles that may use a route. */
export const Rollen = (...rollen: Rol[]) => SetMetadata(ROLLEN_METADATA, rollen);

export type AuthenticatedRequest = Request & { principal: Principal };

/** A valid token that may not do this: answered 403. */
export class ToegangGeweigerd extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ToegangGeweigerd';
  }
}

/**
 * Every route needs a token unless marked `@Openbaar()`. The `gm` path parameter scopes the request:
 * a token without that gemeente gets 404 on reads (nothing about the tenant leaks, not even that it
 * exists) and 403 on writes (API.md).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly tokens: TokenVerifier;

  constructor(
    private readonly reflector: Reflector,
    settings: LedgerSettings,
  ) {
    this.tokens = new TokenVerifier(settings.jwtSecret);
  }

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(OPENBAAR, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header) throw new TokenError('stuur een bearer-token in de Authorization-header');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new TokenError('de Authorization-header moet de vorm "Bearer <token>" hebben');
    const principal = this.tokens.verify(match[1], Date.now());
    request.principal = principal;

    const isRead = request.method === 'GET' || request.method === 'HEAD';
    const gemeente = request.params?.gm;
    if (typeof gemeente === 'string' && !magGemeente(principal, gemeente)) {
      if (isRead) throw new DomainError('RESOURCE.ONBEKEND', 'onbekend', 'De gevraagde resource bestaat niet.');
      throw new ToegangGeweigerd('AUTH.ANDERE_GEMEENTE', `Geen toegang: het token geeft geen recht op gemeente ${gemeente}.`);
    }
    const rollen = this.reflector.getAllAndOverride<Rol[] | undefined>(ROLLEN_METADATA, targets);
    // The beheerder may do everything (API.md); other roles only what the route names.
    if (rollen && !principal.rollen.includes('beheerder') && !principal.rollen.some((rol) => rollen.includes(rol))) {
      throw new ToegangGeweigerd('AUTH.ROL_ONTBREEKT', `Geen toegang: deze handeling vraagt de rol ${rollen.join(' of ')}; het token heeft ${principal.rollen.join(', ')}.`);
    }
    return true;
  }
}
