/**
 * The WebAssembly side of `make bench` (run by bench/run.py): unmask's `scan()` from a
 * `--target nodejs` build against the other ways to look at the same string, all in one process.
 *
 *   node bench/wasm.mjs PKG_DIR RUNS KIND=FILE...
 *
 * Prints one JSON object: {kind: {tool: {ms: [..], median_ms, mb_s, bytes, found}}}.
 * Every contender gets the same JavaScript string (read once per file) and is timed per call,
 * with one warm-up call first; the median of RUNS calls counts.
 *
 *  - scan: `scan(text)` of the build, string transfer into WebAssembly memory included.
 *  - scan_nodes: the extension's way: the text cut into text nodes of 20 UTF-16 units, sent in
 *    batches of 64K units (as extension/content/scan.js batches them), one `scan_nodes` call per batch.
 *  - encodeInto: `TextEncoder.encodeInto` of the string into a preallocated buffer (the floor of
 *    any copy into WebAssembly memory).
 *  - bindgen-copy: what wasm-bindgen's default `&str` passing does (a JavaScript loop over the
 *    ASCII prefix, then encodeInto of the rest) into a preallocated buffer: for reference.
 *  - regex: a bare JavaScript regular expression with ripgrep's class, `matchAll` with the u flag.
 *  - out-of-character: its `detect`.
 *  - anti-trojan-source: `hasConfusables({sourceText, detailed: true})`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { detect } from 'out-of-character';
import { hasConfusables } from 'anti-trojan-source';

const require = createRequire(import.meta.url);
const [pkgDir, runsArg, ...files] = process.argv.slice(2);
const RUNS = Number(runsArg) || 5;
/** Seconds of timed calls per contender at most (slow contenders get fewer calls, at least one). */
const BUDGET_MS = Number(process.env.BENCH_WASM_BUDGET_S ?? 30) * 1000;
const unmask = require(path.resolve(pkgDir, 'unmask.js'));

const CLASS = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\u{E0000}-\u{E0FFF}]/gu;

const encoder = new TextEncoder();

function bindgenCopy(arg, mem) {
  const len = arg.length;
  let offset = 0;
  for (; offset < len; offset++) {
    const code = arg.charCodeAt(offset);
    if (code > 0x7f) break;
    mem[offset] = code;
  }
  if (offset !== len) {
    const rest = offset ? arg.slice(offset) : arg;
    offset += encoder.encodeInto(rest, mem.subarray(offset)).written;
  }
  return offset;
}

/** The text as the extension sends it: batches of 64K UTF-16 units of 20-unit nodes. */
function batches(text) {
  const out = [];
  let batch = [];
  let units = 0;
  for (let i = 0; i < text.length;) {
    let end = Math.min(i + 20, text.length);
    if (end < text.length && (text.charCodeAt(end) & 0xfc00) === 0xdc00) end++; // keep pairs whole
    batch.push(text.slice(i, end));
    units += end - i;
    i = end;
    if (units >= 64 * 1024) {
      out.push(batch);
      batch = [];
      units = 0;
    }
  }
  if (batch.length) out.push(batch);
  return out;
}

function contenders(text) {
  const buf = new Uint8Array(text.length * 3 + 16);
  const nodeBatches = batches(text);
  return {
    scan: () => unmask.scan(text).findings.length,
    scan_nodes: () => {
      let n = 0;
      for (const b of nodeBatches) n += unmask.scan_nodes(b).findings.length;
      return n;
    },
    encodeInto: () => encoder.encodeInto(text, buf).written,
    'bindgen-copy': () => bindgenCopy(text, buf),
    regex: () => {
      let n = 0;
      // eslint-disable-next-line no-unused-vars
      for (const _ of text.matchAll(CLASS)) n++;
      return n;
    },
    'out-of-character': () => detect(text)?.length ?? 0,
    'anti-trojan-source': () => hasConfusables({ sourceText: text, detailed: true }).length,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const out = {};
for (const arg of files) {
  const eq = arg.indexOf('=');
  const kind = arg.slice(0, eq);
  const file = arg.slice(eq + 1);
  const text = fs.readFileSync(file, 'utf8');
  const bytes = Buffer.byteLength(text, 'utf8');
  out[kind] = {};
  const only = process.env.BENCH_WASM_ONLY?.split(',');
  for (const [name, fn] of Object.entries(contenders(text))) {
    if (only && !only.includes(name)) continue;
    let t0 = performance.now();
    const found = fn(); // warm-up
    const warm = performance.now() - t0;
    // A call of seconds gains nothing from a warm-up: it counts as a sample then.
    const ms = warm > 2000 ? [warm] : [];
    let spent = 0;
    while (ms.length < RUNS && (ms.length === 0 || spent + warm < BUDGET_MS)) {
      t0 = performance.now();
      fn();
      const t = performance.now() - t0;
      ms.push(t);
      spent += t;
    }
    const med = median(ms);
    out[kind][name] = {
      ms: ms.map((x) => Math.round(x * 100) / 100), median_ms: med, mb_s: bytes / 1e6 / (med / 1e3), bytes, found,
    };
    process.stderr.write(`  wasm ${kind} ${name}: ${med.toFixed(1)} ms, ${(bytes / 1e3 / med).toFixed(0)} MB/s\n`);
    if (globalThis.gc) globalThis.gc();
  }
}
process.stdout.write(JSON.stringify(out));
