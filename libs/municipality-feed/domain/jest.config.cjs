const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'municipality-feed-domain', rootDir: __dirname };
