const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'provider-choice-service', rootDir: __dirname };
