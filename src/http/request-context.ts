import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { ROLLEN_METADATA } from '../auth/auth.guard';
import type { Rol } from '../auth/principal';
import type { Actor } from '../domain/shared/begrippen';
import { ongeldig } from '../domain/shared/domain-error';
import { canonicalJson, sha256Hex } from '../shared/canonical-json';

/** Who asks, under which correlation, and with which idempotency key: what every write records. */
export interface RequestContext {
  actor: Actor;
  principalGemeenten: string[] | '*';
  correlationId: string;
  /** The id of this request; the events it causes carry it as causationId. */
  requestId: string;
  idempotency?: { sleutel: string; requestHash: string };
  /** True once the request was answered by the timeout (src/http/request-timeout.ts): do not start its command any more. */
  verlopen?: () => boolean;
}

const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;
const CORRELATION_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

export const Verzoek = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  const allowed = Reflect.getMetadata(ROLLEN_METADATA, context.getHandler()) as Rol[] | undefined;
  const principal = request.principal;
  const rol = (allowed && principal.rollen.find((candidate) => allowed.includes(candidate))) ?? principal.rollen[0];
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const correlationHeader = header('x-correlation-id');
  const correlationId = correlationHeader && CORRELATION_ID_PATTERN.test(correlationHeader) ? correlationHeader : randomUUID();
  const sleutel = header('idempotency-key');
  if (sleutel !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(sleutel)) {
    throw ongeldig('VERZOEK.IDEMPOTENCY_KEY', 'De Idempotency-Key moet 1 tot 200 letters, cijfers of . _ : - bevatten.', [
      { veld: 'Idempotency-Key', melding: 'Idempotency-Key heeft een ongeldige vorm' },
    ]);
  }
  return {
    actor: { subject: principal.subject, rol },
    principalGemeenten: principal.gemeenten,
    correlationId,
    requestId: randomUUID(),
    verlopen: () => (request as { verlopen?: boolean }).verlopen === true,
    idempotency:
      sleutel === undefined
        ? undefined
        : { sleutel, requestHash: sha256Hex(canonicalJson({ methode: request.method, pad: request.path, body: request.body ?? null })) },
  };
});
