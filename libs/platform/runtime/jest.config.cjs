const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'platform-runtime', rootDir: __dirname };
