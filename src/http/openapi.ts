import type { OpenAPIObject } from '@nestjs/swagger';

/** The full version of the API, returned in every response's `API-Version` header (ADR /core/version-header). */
export const API_VERSION = '1.0.0';

const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri-reference', example: 'https://begroot.nl/problemen/begroting-niet-budgetneutraal' },
    title: { type: 'string', example: 'Begroting niet budgettair neutraal' },
    status: { type: 'integer', format: 'int32', example: 422 },
    detail: { type: 'string', example: 'Regel 5: onderdeel "Loonindexatie" is niet budgettair neutraal: het saldo is 1000.00.' },
    code: { type: 'string', example: 'BEGROTING.NIET_BUDGETNEUTRAAL' },
    fouten: {
      type: 'array',
      items: { type: 'object', properties: { veld: { type: 'string' }, melding: { type: 'string' } } },
    },
  },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Makes the generated document say what the service does, in the form the Dutch API Design Rules
 * (../shared/standards/adr-ruleset.yaml) check: every operation documents its 400 problem answer,
 * every success documents the `API-Version` header, and the server URL carries the major version.
 */
export function volgensApiDesignRules(document: OpenAPIObject): OpenAPIObject {
  const schemas = { ...(document.components?.schemas ?? {}), Probleem: PROBLEM_SCHEMA };
  for (const pad of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = pad[method];
      if (!operation) continue;
      const responses = (operation.responses ??= {});
      responses['400'] ??= {
        description: 'Ongeldig verzoek: de problem details noemen het veld en de regel.',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Probleem' } } },
      };
      for (const [status, response] of Object.entries(responses)) {
        if (!response || !/^[23]\d\d$/.test(status) || '$ref' in response) continue;
        response.headers = {
          ...(response.headers ?? {}),
          'API-Version': { description: 'De volledige versie van de API', schema: { type: 'string', example: API_VERSION } },
        };
      }
    }
  }
  return { ...document, components: { ...document.components, schemas } };
}
