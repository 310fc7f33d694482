const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'platform-contracts', rootDir: __dirname };
