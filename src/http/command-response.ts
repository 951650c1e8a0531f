import type { Response } from 'express';
import type { CommandOutcome } from '../application/command-executor';

/** The answer to a write (API.md): 201 `{eventId, positie, streamVersion}`; 200 when nothing had to change. */
export function commandResponse(outcome: CommandOutcome, response: Response) {
  if (outcome.status === 'ongewijzigd') {
    response.status(200);
    return { gewijzigd: false };
  }
  const { resultaat, herhaald } = outcome;
  response.status(201);
  if (herhaald) response.setHeader('Idempotent-Replayed', 'true');
  return {
    eventId: resultaat.eventIds[resultaat.eventIds.length - 1],
    positie: resultaat.laatstePositie,
    streamVersion: resultaat.streamVersion,
    eventIds: resultaat.eventIds,
  };
}
