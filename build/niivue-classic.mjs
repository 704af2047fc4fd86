// Turns NiiVue's single-file ES module (build/index.min.js of the npm package, which exports the bundle as a
// URL-encoded string) into a classic script that defines window.niivue. A report opened from disk (file://) cannot
// load module scripts (Chromium refuses them without CORS), but it can load a classic script beside the page.
// Usage: node niivue-classic.mjs <package>/build/index.min.js <out>/niivue.js <version>
// The first line names the package and version (the report shows it).
import { readFileSync, writeFileSync, renameSync } from "node:fs";

const [source, target, version] = process.argv.slice(2);
const wrapper = readFileSync(source, "utf8").match(/export const esm = "(.*)"/s);
if (!wrapper) throw new Error(`${source}: no 'export const esm' string (has the package layout changed?)`);
const esm = decodeURIComponent(wrapper[1]);
const exports = esm.lastIndexOf("export{");
if (exports < 0 || /(^|[;}])import[\s{*"]/.test(esm)) throw new Error(`${source}: not a self-contained module`);
const end = esm.indexOf("}", exports);
const names = esm.slice(exports + "export{".length, end).split(",").map(entry => {
  const [local, exported] = entry.split(/\s+as\s+/);
  return `${(exported ?? local).trim()}:${local.trim()}`;
});
const classic = `/* @niivue/niivue ${version} */\n(function(){"use strict";${esm.slice(0, exports)}window.niivue={${names.join(",")}};${esm.slice(end + 1)}})();\n`;
writeFileSync(target + ".tmp", classic);
renameSync(target + ".tmp", target);
