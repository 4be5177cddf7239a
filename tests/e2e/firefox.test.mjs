/**
 * Firefox ESR: `web-ext lint` finds no errors in extension/, and a smoke test in which
 * `web-ext run` (headless) loads the extension and a fixture page. web-ext gives no DOM access,
 * so the fixture page's own script watches `CSS.highlights` and calls `/seen` on the fixture
 * server when highlights appear; the extension itself sends nothing anywhere. The same page then
 * loads the text checker served statically from `extension/` in a frame, fills it in and reports
 * the chips and the decoded payload it shows (the checker without the extension, in Firefox).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { startServer } from './server.mjs';
import { REPO } from './extension-dir.mjs';
import { runFirefox, WEB_EXT } from './firefox-run.mjs';

test('web-ext lint reports no errors', async () => {
  const out = await new Promise((resolve, reject) => {
    execFile(WEB_EXT, ['lint', '--source-dir', path.join(REPO, 'extension'), '--output', 'json',
      '--no-input'], { maxBuffer: 16 << 20 }, (err, stdout) => {
      // web-ext exits non-zero when there are errors; the JSON says which.
      if (!stdout) reject(err ?? new Error('no output'));
      else resolve(stdout);
    });
  });
  const report = JSON.parse(out.slice(out.indexOf('{')));
  assert.deepEqual(report.errors.map((e) => `${e.code} ${e.file ?? ''} ${e.message}`), []);
  // The one expected warning: Firefox ignores background.service_worker (Chrome uses it).
  const warnings = report.warnings.map((w) => w.code);
  assert.ok(warnings.every((c) => c === 'BACKGROUND_SERVICE_WORKER_IGNORED'), warnings.join());
});

test('Firefox ESR scans and highlights a page', { timeout: 120000 }, async () => {
  const server = await startServer();
  try {
    const checkerSeen = () => server.seen.find((x) => x.checker === '1');
    const log = await runFirefox(`${server.origin}/firefox.html`,
      () => server.seen.some((x) => !x.checker) && checkerSeen());
    assert.ok(server.seen.length, `the page never reported; web-ext said:\n${log.slice(-3000)}`);
    const seen = server.seen.find((x) => !x.checker);
    assert.match(seen.ua, /Firefox\//);
    assert.ok(Number(seen.size) > 0, `CSS.highlights.size ${seen.size}`);
    assert.ok(Number(seen.ranges) > 0 && Number(seen.len) > 0, JSON.stringify(seen));
    assert.equal(seen.host, '1', 'the host element with the markers exists');
    // The static text checker (extension/ served as a plain web page) works in Firefox too.
    const checker = checkerSeen();
    assert.ok(checker, `the checker never reported; web-ext said:\n${log.slice(-3000)}`);
    assert.equal(checker.zw, '1', `a U+200B chip: ${JSON.stringify(checker)}`);
    assert.equal(checker.rendered, '53', `the U+200B and all 52 tag characters as chips: ${JSON.stringify(checker)}`);
    assert.equal(checker.payload, 'yes', `the decoded tag payload: ${JSON.stringify(checker)}`);
    assert.match(checker.mode, /without the extension/);
    const others = server.requests.filter((u) => !/^\/(firefox\.(html|js)|seen\?.*|favicon\.ico|ext\/.*)$/.test(u));
    assert.deepEqual(others, [], 'no other request reached the server');
  } finally {
    await server.close();
  }
});

test('Firefox ESR: no scan before the page\'s load event; a cross-origin frame is scanned', { timeout: 120000 }, async () => {
  const server = await startServer();
  try {
    const top = () => server.seen.find((x) => x.load === '1');
    const frame = () => server.seen.find((x) => x.frame === '1');
    const log = await runFirefox(`${server.origin}/firefox-load.html`, () => top() && frame());
    assert.ok(top(), `the page never reported; web-ext said:\n${log.slice(-3000)}`);
    assert.equal(top().before, '0', `highlights before load: ${JSON.stringify(top())}`);
    assert.ok(Number(top().after) > 0, `highlights after load: ${JSON.stringify(top())}`);
    assert.ok(frame() && Number(frame().size) > 0, `the cross-origin frame: ${JSON.stringify(frame())}`);
  } finally {
    await server.close();
  }
});
