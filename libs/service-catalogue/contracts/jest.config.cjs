const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'service-catalogue-contracts', rootDir: __dirname };
