// Lint for every project. The module-boundary rule keeps the architecture honest: domain libraries
// import no framework or I/O package, contexts do not reach into each other, and only apps compose.
const nx = require('@nx/eslint-plugin');

const IO_PACKAGES = ['@nestjs/*', 'kafkajs', 'typeorm', 'pg', '@electric-sql/*', '@eventstore/*', 'pino', 'express'];

module.exports = [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/tmp', '**/.luotsi-data', 'infra/kafka/libs', '**/*.cjs', '**/*.mjs', '**/*.js'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'], bannedExternalImports: IO_PACKAGES },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'],
              bannedExternalImports: IO_PACKAGES,
            },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:domain', 'type:testing'] },
            { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:adapter', 'type:testing'] },
            {
              sourceTag: 'type:runtime',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:adapter', 'type:runtime', 'type:testing'],
            },
            {
              sourceTag: 'type:service',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:adapter', 'type:runtime', 'type:testing'],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:adapter', 'type:runtime', 'type:service', 'type:testing'],
            },
            { sourceTag: 'scope:provider-choice', onlyDependOnLibsWithTags: ['scope:platform', 'scope:provider-choice'] },
            { sourceTag: 'scope:billing', onlyDependOnLibsWithTags: ['scope:platform', 'scope:billing'] },
            { sourceTag: 'scope:client-plans', onlyDependOnLibsWithTags: ['scope:platform', 'scope:client-plans'] },
            { sourceTag: 'scope:contact-intake', onlyDependOnLibsWithTags: ['scope:platform', 'scope:contact-intake'] },
            { sourceTag: 'scope:municipality-feed', onlyDependOnLibsWithTags: ['scope:platform', 'scope:municipality-feed'] },
            { sourceTag: 'scope:service-catalogue', onlyDependOnLibsWithTags: ['scope:platform', 'scope:service-catalogue'] },
          ],
        },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Domain code is pure: no I/O, no clock, no randomness of its own. Node's built-ins are how a
    // domain library would reach any of those, so they are refused here (the module-boundary rule
    // above only knows packages).
    files: ['libs/*/domain/**/*.ts', 'libs/platform/kernel/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*'], message: 'domain libraries may not import node built-ins' }] }],
    },
  },
];
