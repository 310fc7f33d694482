const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'billing-domain', rootDir: __dirname };
