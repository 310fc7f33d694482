// Shared jest settings: SWC transpiles TypeScript with decorator metadata (NestJS DI needs it),
// and the @luotsi/* aliases come from tsconfig.base.json so there is one place to declare them.
const path = require('path');
const { compilerOptions } = require('./tsconfig.base.json');

const root = __dirname;
const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias.replace(/[/\-]/g, (c) => '\\' + c)}$`] = path.join(root, target);
}

const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testMatch: ['**/*.spec.ts'],
  setupFiles: [path.join(root, 'tools/test/jest-setup.cjs')],
};
