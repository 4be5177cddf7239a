/**
 * A stand-in for the wasm-bindgen module `extension/wasm/unmask.js`, with the same exports and
 * report shape, for running the browser tests before the WebAssembly core is built
 * (`UNMASK_E2E_CORE=mock`). It knows a handful of rules only; the real tests run the real core.
 */
const ZW = /[\u200B\u200C\u200D\u2060\uFEFF]/u;
const LETTER = /[\p{L}\p{N}]/u;
const LATIN = /\p{Script=Latin}/u;
const CYR = /[\u0400-\u04FF]/u;

export default async function init() {}
export function initSync() {}
export function version() { return '0.0.0-mock'; }

function hex(cp) { return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`; }

/** Scans one string; offsets in UTF-16 units. */
function scanString(s) {
  const findings = [];
  const payloads = [];
  const cps = [...s];
  let u = 0;
  const at = []; // utf16 offset of each code point
  for (const c of cps) { at.push(u); u += c.length; }
  at.push(u);
  let i = 0;
  while (i < cps.length) {
    const c = cps[i];
    const cp = c.codePointAt(0);
    if (cp >= 0xE0000 && cp <= 0xE007F) {
      let j = i;
      while (j < cps.length && cps[j].codePointAt(0) >= 0xE0000 && cps[j].codePointAt(0) <= 0xE007F) j++;
      const prev = cps[i - 1]?.codePointAt(0);
      if (prev !== 0x1F3F4) {
        const text = cps.slice(i, j).map((x) => String.fromCharCode(x.codePointAt(0) - 0xE0000)).join('');
        const set = [...new Set(cps.slice(i, j).map((x) => hex(x.codePointAt(0))))].slice(0, 16);
        findings.push({ s: at[i], e: at[j], chars: set, count: j - i, kind: 'tag', rule: 'tag/text', severity: 'high', explanation: `${j - i} tag characters spell hidden text.` });
        payloads.push({ s: at[i], e: at[j], scheme: 'tags', text, bytes_hex: null, confidence: 0.99, explanation: 'Tag characters map to ASCII.' });
      }
      i = j;
      continue;
    }
    if (ZW.test(c)) {
      let j = i;
      while (j < cps.length && ZW.test(cps[j])) j++;
      const before = cps[i - 1] ?? '';
      const after = cps[j] ?? '';
      const run = cps.slice(i, j);
      const innocent = (run.length === 1 && (run[0] === '\u200D' && (/\p{Extended_Pictographic}/u.test(before) || /[\u0900-\u097F]/u.test(before))))
        || (run.length === 1 && run[0] === '\u200C' && /[\u0600-\u06FF\u0900-\u097F]/u.test(before));
      if (!innocent && LATIN.test(before + after) && (LETTER.test(before) || LETTER.test(after) || run.length > 3)) {
        const set = [...new Set(run.map((x) => hex(x.codePointAt(0))))];
        findings.push({ s: at[i], e: at[j], chars: set, count: run.length, kind: 'zero-width', rule: 'zero-width/inside-ascii-word', severity: 'high', explanation: `${run.length} invisible characters inside a Latin word.` });
        if (run.length >= 8 && run.every((x) => x === '\u200B' || x === '\u200C')) {
          const bits = run.map((x) => (x === '\u200B' ? '0' : '1')).join('');
          let text = '';
          for (let k = 0; k + 8 <= bits.length; k += 8) text += String.fromCharCode(parseInt(bits.slice(k, k + 8), 2));
          payloads.push({ s: at[i], e: at[j], scheme: 'zero-width-binary', text, bytes_hex: null, confidence: 0.97, explanation: 'U+200B = 0, U+200C = 1.' });
        }
      }
      i = j;
      continue;
    }
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
      findings.push({ s: at[i], e: at[i + 1], chars: [hex(cp)], count: 1, kind: 'bidi-control', rule: 'bidi-control/in-text', severity: 'high', explanation: 'A direction control changes the order text is shown in.' });
    } else if (CYR.test(c) && (LATIN.test(cps[i - 1] ?? '') || LATIN.test(cps[i + 1] ?? ''))) {
      findings.push({ s: at[i], e: at[i + 1], chars: [hex(cp)], count: 1, kind: 'confusable', rule: 'confusable/mixed-script-word', severity: 'medium', explanation: 'A Cyrillic letter inside a Latin word.' });
    }
    i++;
  }
  return { findings, payloads };
}

function report(findings, payloads) {
  const high = findings.some((f) => f.severity !== 'low');
  return {
    version: 1, source: null, bytes: 0, sha256: null,
    tool: { name: 'unmask', version: '0.0.0-mock', unicode: '16.0.0' },
    verdict: payloads.length ? 'hidden-data' : high ? 'suspicious' : 'clean',
    truncated: false, findings, payloads,
  };
}

export function scan(text) {
  const r = scanString(text);
  const fix = (x) => ({ ...x, start: x.s, end: x.e, start_utf16: x.s, end_utf16: x.e });
  return report(r.findings.map(fix), r.payloads.map(fix));
}

export function scan_nodes(texts) {
  const joined = texts.join('');
  const starts = [];
  let u = 0;
  for (const t of texts) { starts.push(u); u += t.length; }
  const locate = (off, isEnd) => {
    for (let k = texts.length - 1; k >= 0; k--) {
      if (isEnd ? off > starts[k] || (off === starts[k] && texts[k].length === 0) : off >= starts[k]) return [k, off - starts[k]];
    }
    return [0, 0];
  };
  const r = scanString(joined);
  const fix = (x) => {
    const [sn, so] = locate(x.s, false);
    const [en, eo] = locate(x.e, true);
    return { ...x, start: x.s, end: x.e, start_utf16: x.s, end_utf16: x.e, start_node: sn, start_offset: so, end_node: en, end_offset: eo };
  };
  return report(r.findings.map(fix), r.payloads.map(fix));
}

export function clean(text) { return text.replace(/[\u200B\u200C\u2060\uFEFF]/gu, ''); }
/** The names of the stand-in's characters (the real core names every one it reports). */
const NAMES = new Map([[0x200b, 'ZERO WIDTH SPACE'], [0x200c, 'ZERO WIDTH NON-JOINER'],
  [0x2060, 'WORD JOINER'], [0xfeff, 'ZERO WIDTH NO-BREAK SPACE']]);
export function char_names(cps) { return Array.from(cps, (cp) => NAMES.get(cp) ?? null); }
/** The kinds the stand-in reports (the real core lists all of its own). */
export function kinds() { return ['zero-width', 'tag', 'bidi-control', 'confusable']; }
