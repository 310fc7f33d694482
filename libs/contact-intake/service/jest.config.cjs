const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'contact-intake-service', rootDir: __dirname };
