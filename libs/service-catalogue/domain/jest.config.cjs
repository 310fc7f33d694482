const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'service-catalogue-domain', rootDir: __dirname };
