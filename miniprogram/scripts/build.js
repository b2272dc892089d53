#!/usr/bin/env node
// Builds one target with the Taro CLI: node scripts/build.js weapp|h5
// Fails when Taro fails, and also when Taro "succeeds" without writing output: the CLI exits 0
// on some config errors (e.g. a RegExp in compile.include), which must not pass CI.
const { spawnSync } = require('node:child_process');
const zlib = require('node:zlib');
const fs = require('node:fs');
const path = require('node:path');

const APP_ROOT = path.resolve(__dirname, '..');
const REPO_ROOT = path.resolve(APP_ROOT, '..');

/** The file each target must have produced. */
const ENTRY = { weapp: 'app.json', h5: 'index.html' };

/** Text assets worth compressing; index.html is left out (the server adds a nonce to it per request). */
const COMPRESSIBLE = /\.(js|css|svg|json|txt|map|wasm)$/;

/**
 * Writes name.br (brotli, quality 11) and name.gz (gzip, level 9) beside every text asset of 1 KB or more,
 * so the server sends them as they are (koa-static's brotli/gzip options) instead of compressing each
 * response. Returns the totals, for the build log.
 */
function precompress(dir) {
  const totals = { files: 0, raw: 0, br: 0, gz: 0 };
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const file = path.join(d, entry.name);
      if (entry.isDirectory()) { walk(file); continue; }
      if (!COMPRESSIBLE.test(entry.name)) continue;
      const data = fs.readFileSync(file);
      if (data.length < 1024) continue;
      const br = zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
      const gz = zlib.gzipSync(data, { level: 9 });
      fs.writeFileSync(`${file}.br`, br);
      fs.writeFileSync(`${file}.gz`, gz);
      totals.files += 1; totals.raw += data.length; totals.br += br.length; totals.gz += gz.length;
    }
  };
  walk(dir);
  return totals;
}

/**
 * The home page's own chunk (script and style), found by a class only that page uses, is preloaded from
 * index.html: the browser then fetches it together with the app script instead of a round trip after the app
 * has run and asked the router for it (a phone at 150 ms round trip saves about that on the first paint).
 * Returns the preloaded files, or [] when the marker is not found (the page still loads, later).
 */
function preloadFirstScreen(dir, marker = 'home__hero-title') {
  const jsDir = path.join(dir, 'js');
  const cssDir = path.join(dir, 'css');
  if (!fs.existsSync(jsDir)) return [];
  const chunk = fs.readdirSync(jsDir).find((f) => /^\d+\.[0-9a-f]+\.js$/.test(f) && fs.readFileSync(path.join(jsDir, f), 'utf8').includes(marker));
  if (!chunk) return [];
  const id = chunk.split('.')[0];
  const css = fs.existsSync(cssDir) ? fs.readdirSync(cssDir).find((f) => f.startsWith(`${id}.`) && f.endsWith('.css')) : undefined;
  const files = [`/js/${chunk}`, ...(css ? [`/css/${css}`] : [])];
  const links = files.map((f) => `<link rel="preload" href="${f}" as="${f.endsWith('.js') ? 'script' : 'style'}">`).join('');
  const index = path.join(dir, 'index.html');
  const html = fs.readFileSync(index, 'utf8');
  if (!html.includes('<script')) return [];
  fs.writeFileSync(index, html.replace('<script', `${links}<script`));
  return files;
}

/** Throws unless `dir` exists and holds the target's entry file (defaults: app.json or index.html). */
function assertBuilt(dir, entry) {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(`build output missing: ${dir} was not written`);
  }
  const files = entry ? [entry] : Object.values(ENTRY);
  if (!files.some((f) => fs.existsSync(path.join(dir, f)))) {
    throw new Error(`build output incomplete: ${dir} has no ${files.join(' or ')}`);
  }
}

/**
 * WeChat devtools open the repo root; its project.config.json points at the weapp output.
 * The appid comes from WEAPP_APPID (touristappid: the devtools' no-appid test mode).
 */
function writeProjectConfig(appid = process.env.WEAPP_APPID || 'touristappid') {
  const file = path.join(REPO_ROOT, 'project.config.json');
  let current = {};
  try {
    current = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    // first run
  }
  const next = {
    description: '食品小作坊服务 微信小程序（Taro 构建输出）',
    projectname: 'xiaozuofang',
    compileType: 'miniprogram',
    libVersion: '3.4.0',
    ...current,
    miniprogramRoot: 'miniprogram/dist/weapp/',
    appid,
    setting: {
      urlCheck: false, // local API over http during development
      es6: false, // Taro already transpiles
      enhance: false,
      postcss: false,
      minified: false,
      ...(current.setting || {}),
    },
  };
  const text = `${JSON.stringify(next, null, 2)}\n`;
  if (text !== JSON.stringify(current, null, 2) + '\n') fs.writeFileSync(file, text);
  return file;
}

function main(type) {
  if (!ENTRY[type]) {
    console.error('usage: node scripts/build.js weapp|h5');
    return 2;
  }
  const outDir = process.env.TARO_OUT_DIR ? path.resolve(process.env.TARO_OUT_DIR) : path.join(APP_ROOT, 'dist', type);
  // A stale dist/ from an earlier build would otherwise hide a build that wrote nothing.
  fs.rmSync(outDir, { recursive: true, force: true });
  const cli = require.resolve('@tarojs/cli/bin/taro', { paths: [APP_ROOT] });
  const started = Date.now();
  const res = spawnSync(process.execPath, [cli, 'build', '--type', type], {
    cwd: APP_ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (res.error) {
    console.error(`taro build --type ${type} could not start: ${res.error.message}`);
    return 1;
  }
  if (res.status !== 0) {
    console.error(`taro build --type ${type} failed (exit ${res.status ?? res.signal})`);
    return res.status || 1;
  }
  try {
    assertBuilt(outDir, ENTRY[type]);
  } catch (err) {
    console.error(`taro build --type ${type} exited 0 but ${err.message}`);
    return 1;
  }
  if (type === 'weapp') writeProjectConfig();
  if (type === 'h5') {
    const preloaded = preloadFirstScreen(outDir);
    console.log(preloaded.length ? `preloads the home page: ${preloaded.join(', ')}` : 'home page chunk not found: nothing preloaded');
    const t = precompress(outDir);
    const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
    console.log(`precompressed ${t.files} assets: ${kb(t.raw)} → brotli ${kb(t.br)}, gzip ${kb(t.gz)}`);
  }
  console.log(`built ${type} → ${path.relative(REPO_ROOT, outDir)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

module.exports = { assertBuilt, writeProjectConfig, precompress, preloadFirstScreen, ENTRY };

if (require.main === module) process.exitCode = main(process.argv[2]);
