// Taro's preset compiles TS/JSX for both targets; the shared/ and zod folders are added via compile.include.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
