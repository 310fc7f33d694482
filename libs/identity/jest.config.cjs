const preset = require('../../jest.preset.js');
module.exports = { ...preset, displayName: 'identity', rootDir: __dirname };
