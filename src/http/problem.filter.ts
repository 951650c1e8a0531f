import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ToegangGeweigerd } from '../auth/auth.guard';
import { TokenError } from '../auth/tokens';
import { DomainError } from '../domain/shared/domain-error';
import { PROBLEM_MEDIA_TYPE, type Problem, problem, problemFromKnownError } from './problem';

/** PostgreSQL unreachable or shutting down: answer 503 quickly rather than 500. */
function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string; driverError?: { code?: string } })?.driverError?.code ?? (error as { code?: string })?.code;
  const message = error instanceof Error ? error.message : '';
  // TypeORM releases a query runner whose connection broke; the next query on it says so.
  if (error instanceof Error && error.name === 'QueryRunnerAlreadyReleasedError') return true;
  return (
    code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === '57P01' || code === '57P03' || code === '08006' || code === '08001' ||
    /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED/i.test(message)
  );
}

/**
 * The one place where errors become answers: every error is an RFC 9457 problem in Dutch, also for
 * unknown routes, malformed JSON and oversized bodies. Internal details never leave the service.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const answer = this.toProblem(error, request);
    if (answer.status >= 500) this.logger.error(`${request.method} ${request.url}: ${error instanceof Error ? error.stack : String(error)}`);
    if (answer.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(answer.status).type(PROBLEM_MEDIA_TYPE).send(JSON.stringify(answer));
  }

  private toProblem(error: unknown, request: Request): Problem {
    const known = problemFromKnownError(error);
    if (known) return known;
    if (error instanceof TokenError) return problem(401, 'AUTH.TOKEN_ONGELDIG', `Geen toegang: ${error.message}.`);
    if (error instanceof ToegangGeweigerd) return problem(403, error.code, error.detail);
    if (error instanceof HttpException) return this.fromHttpException(error, request);
    const bodyParserType = (error as { type?: string })?.type;
    if (bodyParserType) return this.fromBodyParser(bodyParserType);
    if (isDatabaseUnavailable(error)) {
      return problem(503, 'DATABASE.ONBEREIKBAAR', 'De database is tijdelijk niet bereikbaar; er is niets vastgelegd. Probeer het zo opnieuw.');
    }
    if (error instanceof DomainError) return problem(400, error.code, error.detail);
    return problem(500, 'INTERN', 'Er ging intern iets mis; er is niets vastgelegd. De fout is gelogd.');
  }

  private fromBodyParser(type: string): Problem {
    if (type === 'entity.too.large') return problem(413, 'VERZOEK.TE_GROOT', 'De body van het verzoek is groter dan toegestaan (1 MiB).');
    if (type === 'entity.parse.failed') return problem(400, 'VERZOEK.ONGELDIGE_JSON', 'De body is geen geldige JSON.');
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      return problem(415, 'VERZOEK.CODERING', 'De body moet UTF-8 gecodeerde JSON zijn.');
    }
    return problem(400, 'VERZOEK.ONGELDIG', 'De body van het verzoek kon niet worden gelezen.');
  }

  private fromHttpException(error: HttpException, request: Request): Problem {
    const status = error.getStatus();
    const cause = (error as { cause?: { type?: string } }).cause;
    if (cause?.type) return this.fromBodyParser(cause.type);
    if (status === 404) return problem(404, 'ROUTE.ONBEKEND', `Er is geen resource op ${request.method} ${request.path}.`);
    if (status === 413) return problem(413, 'VERZOEK.TE_GROOT', 'De body van het verzoek is groter dan toegestaan (1 MiB).');
    if (status === 400) {
      const message = error.message;
      if (/JSON/i.test(message)) return problem(400, 'VERZOEK.ONGELDIGE_JSON', 'De body is geen geldige JSON.');
      return problem(400, 'VERZOEK.ONGELDIG', 'Het verzoek is ongeldig.');
    }
    if (status === 429) return problem(429, 'VERZOEK.TE_VEEL', 'Te veel verzoeken met dit token; wacht even en probeer het opnieuw.');
    if (status === 401) return problem(401, 'AUTH.TOKEN_ONTBREEKT', 'Geen toegang: stuur een bearer-token in de Authorization-header.');
    if (status === 403) return problem(403, 'AUTH.GEEN_RECHT', 'Geen toegang tot deze handeling.');
    return problem(status, `HTTP.${status}`, TITLE_FALLBACK(status));
  }
}

const TITLE_FALLBACK = (status: number) => `Het verzoek kon niet worden verwerkt (status ${status}).`;
