/**
 * extension/js/settings.js and the kinds the options page offers, in Node (no browser). The
 * kinds are the core's (wasm `kinds()`, asked through the background): the settings keep no list
 * of their own, so a stored kind is only checked to be a short name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO } from './extension-dir.mjs';

createRequire(import.meta.url)(path.join(REPO, 'extension', 'js', 'settings.js'));
const S = globalThis.unmaskSettings;

test('normalize: kindsOff keeps short names set to true, at most 64, and no list of kinds', () => {
  assert.equal('KINDS' in S, false, 'the kinds are the core\'s');
  const off = S.normalize({ kindsOff: { tag: true, confusable: 'yes', ['x'.repeat(41)]: true, later: true } });
  assert.deepEqual(off.kindsOff, { tag: true, later: true });
  const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, true]));
  assert.equal(Object.keys(S.normalize({ kindsOff: many }).kindsOff).length, 64);
  assert.deepEqual(S.normalize({ kindsOff: ['tag'] }).kindsOff, {});
  assert.deepEqual(S.normalize(null), S.DEFAULTS);
});

test('every kind of the core has its switch label in every language', async (t) => {
  const pkg = path.join(REPO, 'extension', 'wasm');
  if (!fs.existsSync(path.join(pkg, 'unmask_bg.wasm'))) {
    t.skip('extension/wasm is not built (make wasm)');
    return;
  }
  const core = await import(path.join(pkg, 'unmask.js'));
  core.initSync({ module: fs.readFileSync(path.join(pkg, 'unmask_bg.wasm')) });
  const kinds = core.kinds();
  assert.ok(kinds.includes('zero-width') && kinds.includes('noncharacter'));
  for (const locale of fs.readdirSync(path.join(REPO, 'extension', '_locales'))) {
    const file = path.join(REPO, 'extension', '_locales', locale, 'messages.json');
    const messages = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const kind of kinds) {
      assert.ok(messages[`kind_${kind.replace(/-/g, '_')}`]?.message, `${locale}: ${kind}`);
    }
  }
});
