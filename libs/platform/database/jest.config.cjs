const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'platform-database', rootDir: __dirname };
