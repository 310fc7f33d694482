const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'platform-kernel', rootDir: __dirname };
