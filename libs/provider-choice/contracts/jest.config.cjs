const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'provider-choice-contracts', rootDir: __dirname };
