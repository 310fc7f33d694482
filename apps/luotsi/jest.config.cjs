const preset = require('../../jest.preset.js');
module.exports = { ...preset, displayName: 'luotsi', rootDir: __dirname };
