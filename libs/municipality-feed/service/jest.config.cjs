const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'municipality-feed-service', rootDir: __dirname };
