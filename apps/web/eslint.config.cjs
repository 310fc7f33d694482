// The workspace's rules, with the same allowances for the app's TSX as for TypeScript elsewhere.
module.exports = [
  ...require('../../eslint.config.cjs'),
  {
    files: ['**/*.tsx'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];
