// Lint rules that guard the architecture (../shared/style.md) and money (amounts never become numbers).
import tseslint from 'typescript-eslint';

const GEEN_HTML = 'Geen HTML uit tekst: bouw de DOM met h(), zodat tekst uit het grootboek nooit markup wordt.';
const GEEN_FLOAT = 'Bedragen blijven exact: geen parseFloat; gebruik centen() uit opmaak.js (BigInt).';

const noToNumber = {
  selector: "CallExpression[callee.property.name='toNumber']",
  message: 'Bedragen blijven exact: toNumber() is verboden (gebruik big.js of een decimale string).',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'test-artifacts/**', 'test/artifacts/**', '.tmp/**'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      'no-restricted-syntax': ['error', noToNumber],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    // The dashboard's browser modules: plain ES modules without a build step, type-checked by
    // dashboard/tsconfig.json. Text from the ledger must never become markup, amounts never floats.
    files: ['dashboard/**/*.js'],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: Object.fromEntries(
        ['window', 'document', 'sessionStorage', 'fetch', 'URL', 'URLSearchParams', 'AbortController', 'AbortSignal', 'TextDecoder', 'atob', 'Node'].map((naam) => [naam, 'readonly']),
      ),
    },
    rules: {
      'no-undef': 'error',
      'no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'prefer-const': 'error',
      'no-var': 'error',
      eqeqeq: 'error',
      'no-restricted-syntax': [
        'error',
        noToNumber,
        { selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]', message: GEEN_HTML },
        { selector: 'CallExpression[callee.property.name=/^(insertAdjacentHTML|write|writeln)$/]', message: GEEN_HTML },
        { selector: 'CallExpression[callee.name=/^(parseFloat|eval)$/]', message: GEEN_FLOAT },
        { selector: "CallExpression[callee.object.name='Number'][callee.property.name='parseFloat']", message: GEEN_FLOAT },
      ],
    },
  },
  {
    // The KurrentDB client and its gRPC stack load only when EVENT_STORE=kurrentdb (open-event-store.ts
    // imports the adapter with import()). A static import anywhere else would load them in every process,
    // also on PostgreSQL; type-only imports cost nothing at run time. Tests may import them.
    files: ['src/**/*.ts', 'projections/**/*.ts'],
    ignores: ['src/event-store/kurrentdb-event-store.ts', 'src/event-store/kurrentdb-records.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@kurrent/kurrentdb-client', allowTypeImports: true, message: 'De KurrentDB-client laadt alleen bij EVENT_STORE=kurrentdb: importeer hem met import() (zie open-event-store.ts).' }],
          patterns: [
            {
              group: ['**/kurrentdb-event-store', '**/kurrentdb-records'],
              allowTypeImports: true,
              message: 'De KurrentDB-adapter laadt de client: importeer hem met import() (zie open-event-store.ts); gedeelde fouten staan in event-store.errors.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // The domain core is pure: no framework, ORM, store client or validation library; no clock, no randomness.
    files: ['src/domain/**/*.ts', 'projections/**/*.fold.ts', 'projections/as-of.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'typeorm', 'pg', 'class-validator', 'class-transformer', '@kurrent/*', '@eventstore/*', 'express'], message: 'src/domain en de folds zijn puur: geen framework, ORM of client.' },
            { group: ['**/event-store/**', '**/modules/**', '**/http/**', '**/database/**', '**/application/**', '**/auth/**'], message: 'De domeinkern importeert geen infrastructuur.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        noToNumber,
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Geen klok in het domein: de tijd komt met het command.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Geen klok in het domein: de tijd komt met het command.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Geen toeval in het domein: ids komen met het command.' },
        { selector: "CallExpression[callee.name='randomUUID']", message: 'Geen toeval in het domein: ids komen met het command.' },
      ],
    },
  },
);
