const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'client-plans-service', rootDir: __dirname };
