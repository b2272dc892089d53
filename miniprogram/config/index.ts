import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

const root = path.resolve(__dirname, '..');
const repoRoot = path.resolve(root, '..');
const sharedSrc = path.join(repoRoot, 'shared', 'src');
// Taro only transpiles node_modules paths containing "taro"; zod ships ES2020 (?. and ??) that older
// WeChat base libraries reject, so it is compiled like our own code. Absolute paths: a RegExp here makes
// the CLI exit 0 without writing dist/.
const zodDir = path.dirname(require.resolve('zod/package.json', { paths: [sharedSrc, repoRoot] }));
// ECharts 6 and zrender 6 (the staff dashboard's charts) use ?? as well.
const chartDirs = ['echarts', 'zrender'].map((p) => path.dirname(require.resolve(`${p}/package.json`, { paths: [root, repoRoot] })));
const compileInclude = [sharedSrc, zodDir, ...chartDirs];

// The H5 portal is served by the Koa server on the same origin; the mini-program needs an absolute URL.
const apiBase =
  process.env.API_BASE ?? (process.env.TARO_ENV === 'h5' ? '/api/v1' : 'http://127.0.0.1:3000/api/v1');

// npm hoists most of Taro to the repo root but keeps some packages (React 18, the React framework plugin)
// in miniprogram/node_modules because the root holds React 19 for tests; hoisted Taro modules must still
// find them.
const resolveFromWorkspace = (chain: { resolve: { modules: { values(): string[]; add(p: string): unknown } } }) => {
  const modules = chain.resolve.modules;
  // An empty list means webpack's default; keep the usual hierarchical lookup first.
  if (!modules.values().includes('node_modules')) modules.add('node_modules');
  modules.add(path.join(root, 'node_modules'));
};

export default defineConfig<'webpack5'>(async (merge, { mode }) => {
  const base: UserConfigExport<'webpack5'> = {
    projectName: 'xiaozuofang',
    date: '2026-11-01',
    // 375: one source px is one CSS px on a 375-wide phone, the unit NutUI is written in too.
    designWidth: 375,
    deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // TARO_OUT_DIR lets parallel builds (several developers' browser tests on one machine) use their own output.
    outputRoot: process.env.TARO_OUT_DIR ? path.resolve(process.env.TARO_OUT_DIR) : `dist/${process.env.TARO_ENV}`,
    plugins: [path.join(__dirname, 'plugins', 'a11y-attrs.js')],
    defineConstants: {
      __API_BASE__: JSON.stringify(apiBase),
    },
    alias: {
      // One React for the app and Taro: the workspace's React 18 (Taro 4 does not support 19).
      react: path.dirname(require.resolve('react/package.json', { paths: [root] })),
      '@shared': sharedSrc,
      '@': path.join(root, 'src'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: !process.env.TARO_OUT_DIR },
    mini: {
      compile: { include: compileInclude },
      webpackChain: resolveFromWorkspace,
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      compile: { include: compileInclude },
      webpackChain: resolveFromWorkspace,
      router: { mode: 'browser' },
      // Real HTML elements (div, span, input, img) instead of web components: screen readers and axe see
      // native semantics and aria-* attributes reach the DOM.
      useHtmlComponents: true,
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        // The portal is also read on desktop screens: keep CSS px instead of viewport-scaled rem.
        pxtransform: { enable: false, config: {} },
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };
  return merge({}, base, mode === 'development' || process.env.NODE_ENV === 'development' ? devConfig : prodConfig);
});
