const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'provider-choice-domain', rootDir: __dirname };
