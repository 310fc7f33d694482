const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'municipality-feed-contracts', rootDir: __dirname };
