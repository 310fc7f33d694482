// The whole-workspace configuration used by `npm test` (tools/test/run-tiers.mjs) to run one tier
// across every project in a single jest process; `nx test <project>` uses each project's own config.
const preset = require('./jest.preset.js');

module.exports = {
  ...preset,
  rootDir: __dirname,
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/tools'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
