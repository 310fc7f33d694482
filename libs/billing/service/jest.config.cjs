const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'billing-service', rootDir: __dirname };
