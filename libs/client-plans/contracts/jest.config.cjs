const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'client-plans-contracts', rootDir: __dirname };
