import { DomainError, type DomainErrorKind } from '../../src/domain/shared/domain-error';
import type { NieuwFeit } from '../../src/domain/shared/nieuw-feit';

/**
 * A tiny given/when/then for pure deciders (emmett style):
 *
 *   const given = deciderSpec({ decide, evolve, initialState, context });
 *   given([eerder, events]).when(command).then([{ event, datum }]);
 *   given([]).when(command).thenThrows('BEGROTING.NIET_VASTGESTELD', { kind: 'conflict' });
 *
 * `given` folds the events with `evolve`, `when` runs `decide` on the result; the assertions run
 * synchronously (a decider is pure, there is nothing to await).
 */
export interface Decider<Command, Event, State, Context> {
  decide(command: Command, state: State, context: Context): NieuwFeit<Event>[];
  evolve(state: State, event: Event): State;
  initialState: State;
  /** The context every scenario gets unless `when` is given another. */
  context: Context;
}

export interface ThrowsExpectation {
  kind?: DomainErrorKind;
  /** Text the Dutch detail must contain. */
  detailBevat?: string | string[];
  /** Field paths that must appear in `fouten`. */
  velden?: string[];
}

export interface Outcome<Event> {
  /** The decided facts must equal these exactly (events and their dates, in order). */
  then(expected: NieuwFeit<Event>[]): NieuwFeit<Event>[];
  /** Only the events must equal these (dates not compared). */
  thenEvents(expected: Event[]): NieuwFeit<Event>[];
  /** The command is accepted; returns what it decided, for assertions of one's own. */
  result(): NieuwFeit<Event>[];
  /** The command is accepted and changes nothing. */
  thenNothing(): void;
  /** The command is refused with this code (and kind, detail, fields when given); returns the error. */
  thenThrows(code: string, expectation?: ThrowsExpectation): DomainError;
}

export function deciderSpec<Command, Event, State, Context>(decider: Decider<Command, Event, State, Context>) {
  return (given: Event[]) => {
    const state = given.reduce(decider.evolve, decider.initialState);
    return {
      state,
      when(command: Command, context: Context = decider.context): Outcome<Event> {
        const run = (): { feiten: NieuwFeit<Event>[] } | { error: unknown } => {
          try {
            return { feiten: decider.decide(command, state, context) };
          } catch (error) {
            return { error };
          }
        };
        const accepted = (): NieuwFeit<Event>[] => {
          const result = run();
          if ('error' in result) throw new Error(`expected the command to be accepted, but it was refused: ${beschrijf(result.error)}`);
          return result.feiten;
        };
        return {
          then(expected) {
            const feiten = accepted();
            expect(feiten).toEqual(expected);
            return feiten;
          },
          thenEvents(expected) {
            const feiten = accepted();
            expect(feiten.map((feit) => feit.event)).toEqual(expected);
            return feiten;
          },
          result: accepted,
          thenNothing() {
            expect(accepted()).toEqual([]);
          },
          thenThrows(code, expectation = {}) {
            const result = run();
            if (!('error' in result)) throw new Error(`expected ${code}, but the command was accepted: ${JSON.stringify(result.feiten)}`);
            const error = result.error;
            if (!(error instanceof DomainError)) throw new Error(`expected DomainError ${code}, got ${beschrijf(error)}`);
            expect(error.code).toBe(code);
            if (expectation.kind) expect(error.kind).toBe(expectation.kind);
            for (const tekst of [expectation.detailBevat ?? []].flat()) expect(error.detail).toContain(tekst);
            if (expectation.velden) expect(error.fouten.map((f) => f.veld)).toEqual(expect.arrayContaining(expectation.velden));
            return error;
          },
        };
      },
    };
  };
}

function beschrijf(error: unknown): string {
  if (error instanceof DomainError) return `${error.code} (${error.kind}): ${error.detail}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
