// Smoke test of the built WebAssembly package (pkg/, `wasm-pack build --target web`), used the
// way the extension uses it: the generated ES module, initialised with the .wasm bytes.
// Run by `make test` after `make wasm`: node --test tests/wasm/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const pkg = new URL('../../pkg/', import.meta.url);
const unmask = await import(new URL('unmask.js', pkg));
unmask.initSync({ module: readFileSync(new URL('unmask_bg.wasm', pkg)) });

test('exports the documented API', () => {
  for (const name of ['scan', 'scan_nodes', 'clean', 'version', 'kinds', 'char_names']) {
    assert.equal(typeof unmask[name], 'function', name);
  }
  assert.deepEqual(unmask.version(), { name: 'unmask', version: unmask.version().version, unicode: '16.0.0' });
});

test('scan returns a plain report with JavaScript string indices', () => {
  const text = '\u{1F600} isAdmin\u200B() \u{1F642}\u{E0068}\u{E0069} ok';
  const report = unmask.scan(text);
  assert.equal(Object.getPrototypeOf(report), Object.prototype, 'a plain object, not a Map');
  assert.equal(report.version, 1);
  assert.equal(report.sha256, null);
  assert.equal(report.source, null);
  assert.equal(report.bytes, new TextEncoder().encode(text).length);
  assert.notEqual(report.verdict, 'clean');
  assert.ok(report.findings.length >= 2);
  for (const f of [...report.findings, ...report.payloads]) {
    const bytes = new TextEncoder().encode(text);
    const byByte = new TextDecoder().decode(bytes.slice(f.start, f.end));
    assert.equal(text.slice(f.start_utf16, f.end_utf16), byByte);
  }
  const zw = report.findings.find((f) => f.chars.includes('U+200B'));
  assert.equal(text.slice(zw.start_utf16, zw.end_utf16), '\u200B');
  const tags = report.findings.find((f) => f.kind === 'tag');
  assert.equal(text.slice(tags.start_utf16, tags.end_utf16), '\u{E0068}\u{E0069}');
  // A payload: the JSON report's fields in its order, then the places; the confidence a short
  // decimal (the JSON report writes the f32 widened: 0.6844320297241211 here is 0.684432).
  const [payload] = report.payloads;
  assert.deepEqual(Object.keys(payload), ['start', 'end', 'scheme', 'text', 'bytes_hex',
    'confidence', 'explanation', 'start_utf16', 'end_utf16']);
  assert.ok(String(payload.confidence).length <= '0.123456'.length, String(payload.confidence));
});

test('scan_nodes places findings in the text nodes', () => {
  const texts = ['The hid\u200B\u200C\u200B\u200C', '\u200B\u200C\u200C\u200Bden', ' word.'];
  const report = unmask.scan_nodes(texts, { lang: 'en' });
  const run = report.findings.find((f) => f.kind === 'zero-width');
  assert.deepEqual(
    [run.start_node, run.start_offset, run.end_node, run.end_offset],
    [0, 7, 1, 4],
  );
  assert.equal(texts.join('').slice(run.start_utf16, run.end_utf16), '\u200B\u200C\u200B\u200C\u200B\u200C\u200C\u200B');
});

test('options: sha256, lang, max_findings', () => {
  assert.match(unmask.scan('abc', { sha256: true }).sha256, /^[0-9a-f]{64}$/);
  const zh = unmask.scan('isAdmin\u200B()', { lang: 'zh-CN' });
  assert.match(zh.findings[0].explanation, /[\u4E00-\u9FFF]/);
  const capped = unmask.scan('a\u200Bb c\u200Bd', { max_findings: 1 });
  assert.equal(capped.findings.length, 1);
  assert.equal(capped.truncated, true);
});

test('kinds lists the contract kinds, in the core order', () => {
  const kinds = unmask.kinds();
  assert.equal(kinds.length, 15);
  assert.deepEqual(kinds.slice(0, 3), ['zero-width', 'tag', 'variation-selector']);
  assert.equal(new Set(kinds).size, kinds.length);
  const report = unmask.scan('is\u200BAdmin \u{E0068}\u{E0069} \u202E');
  for (const f of report.findings) assert.ok(kinds.includes(f.kind), f.kind);
});

test('options: allow leaves out chars, rules and kinds, as the CLI allow-lists do', () => {
  const text = 'is\u200BAdmin and a\u00A0b, \u{E0068}\u{E0069}';
  const all = unmask.scan(text);
  const kindsOf = (report) => report.findings.map((f) => f.kind);
  assert.ok(kindsOf(all).includes('zero-width') && kindsOf(all).includes('tag'));
  const noZw = unmask.scan(text, { allow: { kinds: ['zero-width'] } });
  assert.ok(!kindsOf(noZw).includes('zero-width'));
  assert.equal(noZw.findings.length, all.findings.filter((f) => f.kind !== 'zero-width').length);
  const byChar = unmask.scan(text, { allow: { chars: ['U+200B'] } });
  assert.ok(!byChar.findings.some((f) => f.chars.includes('U+200B')));
  const zwRule = all.findings.find((f) => f.kind === 'zero-width').rule;
  const byRule = unmask.scan(text, { allow: { rules: [`${zwRule.split('/')[0]}/*`] } });
  assert.ok(!byRule.findings.some((f) => f.rule === zwRule));
  // scan_nodes reads the same options.
  const nodes = unmask.scan_nodes([text.slice(0, 4), text.slice(4)], { allow: { kinds: ['zero-width', 'tag'] } });
  assert.ok(!kindsOf(nodes).some((k) => k === 'zero-width' || k === 'tag'));
  assert.deepEqual(unmask.scan(text, { allow: {} }).findings, all.findings);
  assert.deepEqual(unmask.scan(text, { allow: { kinds: undefined, rules: null } }).findings, all.findings);
});

test('bad allow options throw Errors that name what is wrong', () => {
  const throwsWith = (options, re) => assert.throws(() => unmask.scan('x', options),
    (e) => e instanceof Error && re.test(e.message), re.source);
  throwsWith({ allow: { kinds: ['zero-width', 'tags'] } }, /unknown kind "tags"/);
  throwsWith({ allow: { kinds: 'tag' } }, /allow\.kinds is not an array of strings/);
  throwsWith({ allow: { kinds: [1] } }, /allow\.kinds is not an array of strings/);
  throwsWith({ allow: { chars: ['ab'] } }, /allow\.chars: "ab"/);
  throwsWith({ allow: { char: ['a'] } }, /unknown option "allow\.char"/);
  throwsWith({ allow: [] }, /allow must be an object/);
  throwsWith({ allow: 'tag' }, /allow must be an object/);
  assert.throws(() => unmask.scan_nodes(['x'], { allow: { kinds: ['nope'] } }), /unknown kind "nope"/);
});

test('bad input throws Error objects with clear messages', () => {
  assert.throws(() => unmask.scan('x', 5), (e) => e instanceof Error && /options must be an object/.test(e.message));
  assert.throws(() => unmask.scan('x', { lang: 'fr' }), (e) => e instanceof Error && /unknown lang "fr"/.test(e.message));
  assert.throws(() => unmask.scan('x', { maxFindings: 2 }), (e) => e instanceof Error && /maxFindings/.test(e.message));
  assert.throws(() => unmask.scan_nodes('x'), (e) => e instanceof Error && /array of strings/.test(e.message));
  assert.throws(() => unmask.scan_nodes(['a', null]), (e) => e instanceof Error && /texts\[1\]/.test(e.message));
});

test('clean removes what a scan flags', () => {
  const cleaned = unmask.clean('isAdmin\u200B()');
  assert.equal(typeof cleaned, 'string');
  assert.ok(!cleaned.includes('\u200B'));
});

test('lone surrogates keep JavaScript indices', () => {
  // A lone surrogate reaches Rust as U+FFFD, which is one UTF-16 unit too.
  const text = 'a\uD800b x\u200By';
  const report = unmask.scan(text);
  const zw = report.findings.find((f) => f.chars.includes('U+200B'));
  assert.equal(text.slice(zw.start_utf16, zw.end_utf16), '\u200B');
});
