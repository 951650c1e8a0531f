import type { NextFunction, Request, Response } from 'express';
import { PROBLEM_MEDIA_TYPE, problem } from './problem';

/**
 * A request still unanswered after `timeoutMs` gets a 503 problem instead of hanging. For a write the
 * outcome is then unknown to the client (its transaction may still commit), which the answer says:
 * repeating it with the same Idempotency-Key is always safe. The handler's late answer is dropped.
 */
export function requestTimeout(timeoutMs: number) {
  return (request: Request, response: Response, next: NextFunction) => {
    const timer = setTimeout(() => {
      if (response.headersSent) return;
      // A command still queued for this request will not start (src/application/command-executor.ts).
      (request as { verlopen?: boolean }).verlopen = true;
      const antwoord = problem(
        503,
        'VERZOEK.TIME_OUT',
        `Het verzoek kreeg binnen ${timeoutMs} ms geen antwoord. Een schrijfopdracht kan toch zijn vastgelegd: herhaal haar met dezelfde Idempotency-Key, dan wordt niets dubbel geboekt.`,
      );
      response.status(503).type(PROBLEM_MEDIA_TYPE).send(JSON.stringify(antwoord));
      negeerLaatAntwoord(response);
    }, timeoutMs);
    timer.unref();
    response.on('finish', () => clearTimeout(timer));
    response.on('close', () => clearTimeout(timer));
    next();
  };
}

/** After the timeout answer, whatever the handler sends later goes nowhere instead of throwing. */
function negeerLaatAntwoord(response: Response): void {
  const niets = () => response;
  response.setHeader = niets as unknown as Response['setHeader'];
  response.send = niets as unknown as Response['send'];
  response.json = niets as unknown as Response['json'];
  response.end = niets as unknown as Response['end'];
}
