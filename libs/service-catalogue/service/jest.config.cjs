const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'service-catalogue-service', rootDir: __dirname };
