/**
 * Firefox ESR against a hostile page (issue 15, items 1-4): elements named after the extension's
 * globals (`browser`, `ext`, `unmaskInspect`, ..., nested in forms), a srcdoc frame, an
 * about:blank frame filled by document.write, a closed shadow root, one a custom element defined
 * later attaches, closed roots on a div and a p with children of their own (declarative,
 * attachShadow), all with payloads, and a frame the page hides (opacity 0) that must get none. The
 * page reports what it sees (fixtures/firefox-attacks.js); the same pages in Chromium are
 * page-attacks.test.mjs's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { runFirefox } from './firefox-run.mjs';

test('Firefox ESR: clobbering names, frames without a URL, closed shadow roots (one attached later, two on elements with children), a hidden frame', { timeout: 120000 }, async () => {
  const server = await startServer();
  try {
    const seen = () => server.seen.find((x) => x.attacks === '1');
    const log = await runFirefox(`${server.origin}/firefox-attacks.html`, () => seen());
    const s = seen();
    assert.ok(s, `the page never reported; web-ext said:\n${log.slice(-3000)}`);
    assert.ok(Number(s.top) > 0, `highlights in the page with clobbering names: ${JSON.stringify(s)}`);
    assert.ok(Number(s.srcdoc) > 0, `highlights in the srcdoc frame: ${JSON.stringify(s)}`);
    assert.ok(Number(s.blank) > 0, `highlights in the written about:blank frame: ${JSON.stringify(s)}`);
    assert.ok(Number(s.closed) > 0, `highlighted ranges in the closed shadow root: ${JSON.stringify(s)}`);
    assert.ok(Number(s.late) > 0, `highlighted ranges in the late closed root: ${JSON.stringify(s)}`);
    assert.ok(Number(s.decl) > 0, `the declarative closed root of a div with children: ${JSON.stringify(s)}`);
    assert.ok(Number(s.imp) > 0, `the closed root of a p with children: ${JSON.stringify(s)}`);
    assert.equal(s.hidden, '0', `no highlight in the frame the page hides: ${JSON.stringify(s)}`);
    const others = server.requests.filter((u) => !/^\/(firefox-attacks\.(html|js)|hostile\/clobber-names\.js|seen\?.*|favicon\.ico)$/.test(u));
    assert.deepEqual(others, [], 'no other request reached the server');
  } finally {
    await server.close();
  }
});
