const preset = require('../../../jest.preset.js');
module.exports = { ...preset, displayName: 'contact-intake-contracts', rootDir: __dirname };
