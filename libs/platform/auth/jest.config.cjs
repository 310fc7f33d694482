const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'platform-auth', rootDir: __dirname };
