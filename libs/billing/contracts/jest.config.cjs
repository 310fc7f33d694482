const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'billing-contracts', rootDir: __dirname };
