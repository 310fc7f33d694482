const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'contact-intake-domain', rootDir: __dirname };
