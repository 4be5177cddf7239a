/**
 * extension/js/ui.js in Node (no browser): what the content script, the popup and the checker
 * name and draw the same way. The names themselves come from the core (wasm `char_names`); here a
 * table stands in for its answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO } from './extension-dir.mjs';

createRequire(import.meta.url)(path.join(REPO, 'extension', 'js', 'ui.js'));
const ui = globalThis.unmaskUi;

test('describeChar: the name from the table, else the code point alone', () => {
  const names = { 'U+200B': 'ZERO WIDTH SPACE', 'U+E0041': 'TAG LATIN CAPITAL LETTER A' };
  assert.equal(ui.describeChar('U+200B', names), 'U+200B ZERO WIDTH SPACE');
  assert.equal(ui.describeChar('u+200b', names), 'U+200B ZERO WIDTH SPACE');
  assert.equal(ui.describeChar('U+E0041', names), 'U+E0041 TAG LATIN CAPITAL LETTER A');
  assert.equal(ui.describeChar('U+200C', names), 'U+200C');
  assert.equal(ui.describeChar('U+200C', null), 'U+200C');
  assert.equal(ui.describeChar('U+110000', names), 'U+110000', 'past Unicode: as given');
  assert.equal(ui.describeChar('nonsense', names), 'nonsense');
  // A name the table inherits is not its own.
  const inherited = Object.create({ 'U+0041': 'LATIN CAPITAL LETTER A' });
  assert.equal(ui.describeChar('U+0041', inherited), 'U+0041');
});

test('namedCodePoints: the findings\' chars, and the payload characters chips can show', () => {
  const cps = ui.namedCodePoints(
    [{ chars: ['U+200B', 'U+005C'] }, { chars: ['U+200B', 'junk'] }, {}],
    ['ok\u202Etxt', null, 'plain ASCII only', '\u0000\t\u{E0041}'],
  );
  assert.deepEqual(cps, [0x200b, 0x5c, 0x202e, 0x0, 0x9, 0xe0041]);
  const han = Array.from({ length: 5000 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
  const many = ui.namedCodePoints([], [han]);
  assert.equal(many.length, 4096, 'capped');
});

test('nameTable: code points and the core\'s names, nulls left out', () => {
  const answer = ['ZERO WIDTH SPACE', null, 'TAG LATIN CAPITAL LETTER A'];
  assert.deepEqual(ui.nameTable([0x200b, 0x41, 0xe0041], answer),
    { 'U+200B': 'ZERO WIDTH SPACE', 'U+E0041': 'TAG LATIN CAPITAL LETTER A' });
});

test('words: severity and kind in the page\'s language, else the plain word', () => {
  const messages = { severity_high: 'High', kind_zero_width: 'Invisible characters' };
  const words = ui.words((key) => messages[key] ?? '');
  assert.equal(words.sevWord('high'), 'High');
  assert.equal(words.sevLabel('high'), '▲ High');
  assert.equal(words.sevLabel('medium'), '◆ medium');
  assert.equal(words.sevLabel('low'), '● low');
  assert.equal(words.kindWord('zero-width'), 'Invisible characters');
  assert.equal(words.kindWord('tag'), 'tag');
});

test('readable: what chips show is written as ⟨U+…⟩, the rest as it is', () => {
  assert.equal(ui.readable('ok\u202Etxt'), 'ok⟨U+202E⟩txt');
  assert.equal(ui.readable('a\u200Bb\u{E0041}\u0000'), 'a⟨U+200B⟩b⟨U+E0041⟩⟨U+0000⟩');
  assert.equal(ui.readable('line one\nline\ttwo 中文 é'), 'line one\nline\ttwo 中文 é');
});

test('cannotShow: the characters a chip stands in for', () => {
  for (const ch of ['\u200B', '\u202E', '\u{E0041}', '\u0000', '\u2028', '\uE000', '\u{FE0F}']) {
    assert.equal(ui.cannotShow(ch), true, ch.codePointAt(0).toString(16));
  }
  for (const ch of ['a', '\n', '\t', ' ', '\u00E9', '\u4E2D', '\u0430']) {
    assert.equal(ui.cannotShow(ch), false, ch.codePointAt(0).toString(16));
  }
});
