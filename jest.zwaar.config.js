// `npm run test:zwaar`: the slow hostile-conditions suites (kill -9, heavy concurrency). They start the
// built service as a separate process, so the script builds first. Same transform as jest.config.js.
const basis = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...basis,
  roots: ['<rootDir>/test'],
  testMatch: ['**/test/zwaar/**/*.spec.ts'],
  testPathIgnorePatterns: [],
  testTimeout: 600000,
  maxWorkers: 1,
};
