const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'platform-messaging', rootDir: __dirname };
