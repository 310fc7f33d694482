const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'client-plans-domain', rootDir: __dirname };
