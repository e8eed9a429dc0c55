const vm = require('node:vm');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const file = path.join(__dirname, '../dist/cjs/main.cjs');
const cacheFile = '/tmp/cc-main.bin';
const useCache = process.env.CC !== '0';
const src = fs.readFileSync(file, 'utf8');
const cachedData = useCache && fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
const script = new vm.Script(Module.wrap(src), { filename: file, cachedData });
const fn = script.runInThisContext();
const m = { exports: {} };
fn.call(m.exports, m.exports, Module.createRequire(file), m, file, path.dirname(file));
(async () => {
  process.exitCode = await m.exports.main(process.argv.slice(2));
  if (useCache && (!cachedData || script.cachedDataRejected)) fs.writeFileSync(cacheFile, script.createCachedData());
  if (process.env.CCDEBUG)
    process.stderr.write(`cache ${cachedData ? (script.cachedDataRejected ? 'rejected' : 'used') : 'none'}\n`);
})();
