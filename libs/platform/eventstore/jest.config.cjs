const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'platform-eventstore', rootDir: __dirname };
