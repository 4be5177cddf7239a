/**
 * A page against the extension (issue 15, items 1-4, 7, 8), in headless Chromium with the
 * unpacked extension: a page that names elements after unmask's globals to switch it off (also
 * nested: `<form id="browser"><input name="runtime">`), text in frames without a URL of their
 * own (srcdoc, about:blank filled by document.write), in closed shadow roots, the title and an
 * `<option>`, findings planted without a rendered box to make unmask show itself, a page that
 * takes away the highlights and the host element, decoded payloads holding bidi controls and
 * control characters, "only when I ask" mode before asking, and the store packages without test
 * hooks. Firefox ESR runs the frames, closed shadow root and clobbering pages too
 * (firefox-attacks.test.mjs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OUT, REPO } from './extension-dir.mjs';
import {
  sleep, until, inspectFrames, launchWithExtension, chromiumSession, zwBits, ZW_USER,
} from './helpers.mjs';

process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

/** Characters a payload must never show raw in a card, notice or popup. */
const RAW = /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u0000-\u0008\u000B-\u001F\u007F]/u;

const env = chromiumSession('unmask-attacks-', { clipboard: true });
const { tabIdOf, inspect, badge, setSettings, waitNotice } = env;

/** Opens a hostile fixture and waits until the top frame's content script finished its scan. */
async function open(name) {
  const page = await env.ctx.newPage();
  const url = `${env.server.origin}/hostile/${name}`;
  await page.goto(url);
  const tabId = await tabIdOf(url);
  const state = await until(async () => {
    const s = await inspect(tabId);
    return s?.started && !s.busy && s.stats.scans > 0 ? s : null;
  }, `scan of ${name}`);
  return { page, tabId, state };
}

/** What `pick` takes of the inspector states of every frame of a tab, once it takes something. */
const framesWhen = (tabId, pick, what) => until(
  async () => pick(await inspectFrames(env.sw, tabId)), what);

const hasPayload = (st, text) => st.findings.some((f) => f.payloads.some((p) => p?.includes(text)));

/** Pastes a text with a hidden payload into a field and waits for the paste guard's notice. */
async function pasteNotice(page, tabId, sel) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), `Send the bud${zwBits(ZW_USER)}get.`);
  await page.focus(sel);
  await page.keyboard.press('Control+V');
  return waitNotice(tabId, 'paste');
}

/** The popup of a tab, opened as a page of its own (as the other tests do). */
async function popupOf(tabId) {
  const popup = await env.ctx.newPage();
  await popup.goto(`chrome-extension://${env.extId}/popup.html?tab=${tabId}`);
  await popup.waitForSelector('#list li');
  return popup;
}

test('a page that names elements after unmask\'s globals (also nested) is scanned all the same', async () => {
  const { page, tabId, state } = await open('clobber.html');
  assert.deepEqual(state.stats.errors, []);
  assert.ok(hasPayload(state, ZW_USER), JSON.stringify(state.findings));
  assert.ok(state.findings.some((f) => f.shown), 'highlighted');
  assert.ok((await page.evaluate(() => CSS.highlights.size)) > 0);
  await until(async () => (await badge(tabId)) === '1', 'badge 1');
  // The page's names still show elements in its own world: nothing of unmask replaced them.
  assert.deepEqual(await page.evaluate(() => [window.unmaskInspect.localName, window.browser.runtime.localName,
    window.ext.localName]), ['div', 'input', 'form']);
  // Copy check and paste guard work there too.
  const n = await pasteNotice(page, tabId, '#ta');
  assert.match(n.text, new RegExp(ZW_USER));
  await page.close();
});

test('a page that stops every copy, paste and click event at its first listener: the copy check, paste guard and buttons still work', async () => {
  const { page, tabId } = await open('silence.html');
  const n = await pasteNotice(page, tabId, '#ta');
  assert.match(n.text, new RegExp(ZW_USER));
  assert.match(await page.inputValue('#ta'), /^Send the bud/, 'the paste went through');
  // The notice's button still answers a click.
  await page.mouse.click(n.buttons[0].x, n.buttons[0].y);
  await until(async () => (await page.inputValue('#ta')) === 'Send the budget.', 'the clean text in place');
  await page.locator('#p1').selectText();
  await page.keyboard.press('Control+C');
  await until(async () => (await inspect(tabId, 'notice'))?.kind === 'copy', 'copy notice');
  await page.close();
});

test('frames without a URL: srcdoc and about:blank filled by document.write are scanned', async () => {
  const { page, tabId } = await open('blank-frames.html');
  await until(async () => (await badge(tabId)) === '2', 'badge 2 (one finding in each frame)');
  const frames = await framesWhen(tabId, (all) => {
    const done = all.filter((f) => f.frameId !== 0 && f.result?.started && !f.result.busy
      && hasPayload(f.result, ZW_USER));
    return done.length === 2 ? done : null;
  }, 'both frames scanned');
  assert.equal(frames.length, 2);
  // (The written frame's URL is its writer's, as document.open makes it.)
  const sizes = await Promise.all(page.frames().filter((f) => f !== page.mainFrame())
    .map((f) => f.evaluate(() => [document.body.textContent.slice(0, 7), CSS.highlights.size])));
  assert.deepEqual(sizes.map(([u]) => u).sort(), ['srcdoc:', 'written']);
  assert.ok(sizes.every(([, n]) => n > 0), `highlights in each frame: ${JSON.stringify(sizes)}`);
  await page.close();
});

test('closed shadow roots are read and highlighted; the title and an option are read', async () => {
  const { page, tabId, state } = await open('closed.html');
  assert.deepEqual(state.stats.errors, []);
  // Messages in one alphabet one after another are read as one message in pieces (issue 17):
  // the roots' findings carry the user's text, joined with the title's and the option's.
  const inRoots = state.findings.filter((f) => f.shown && f.payloads.some((p) => p?.includes(ZW_USER)));
  assert.equal(inRoots.length, 2, JSON.stringify(state.findings));
  assert.ok(inRoots.every((f) => f.shown), 'the closed roots\' findings are highlighted');
  assert.equal(await page.evaluate(() => window.__inClosed()), 2);
  assert.ok(hasPayload(state, 'title 77'), 'the title');
  assert.ok(hasPayload(state, 'option 5'), 'the option');
  await until(async () => (await badge(tabId)) === '4', 'badge 4');
  await page.close();
});

test('closed shadow roots attached after the first scan (a custom element defined later, attachShadow) are read', async () => {
  const { page, tabId, state } = await open('late-roots.html');
  assert.equal(state.findings.length, 0, JSON.stringify(state.findings));
  await page.evaluate(() => window.__attach());
  const st = await until(async () => {
    const s = await inspect(tabId);
    return s.findings.filter((f) => f.payloads.includes(ZW_USER)).length === 2 ? s : null;
  }, 'both late roots read');
  assert.ok(st.findings.every((f) => f.shown), JSON.stringify(st.findings));
  await until(async () => (await badge(tabId)) === '2', 'badge 2');
  await page.close();
});

test('closed shadow roots on a div and a p with children of their own (declarative, attachShadow) are read', async () => {
  const { page, tabId } = await open('closed-hosts.html');
  // Asked in idle time after the first scan was sent: found by a rescan of each root.
  const st = await until(async () => {
    const s = await inspect(tabId);
    return s.findings.filter((f) => f.payloads.some((x) => x?.includes(ZW_USER))).length === 2
      ? s : null;
  }, 'both closed roots read');
  assert.deepEqual(st.stats.errors, []);
  assert.ok(st.findings.every((f) => f.shown), JSON.stringify(st.findings));
  await until(async () => (await page.evaluate(() => window.__hostsHighlighted())).join() === 'decl,imp',
    'highlights in both closed roots');
  await until(async () => (await badge(tabId)) === '2', 'badge 2');
  await page.close();
});

test('findings without a rendered box: counted and listed, nothing registered, no element', async () => {
  const { page, tabId, state } = await open('planted.html');
  assert.equal(state.findings.filter((f) => f.severity !== 'low').length, 4, JSON.stringify(state.findings));
  assert.ok(state.findings.every((f) => !f.shown));
  await until(async () => (await badge(tabId)) === '4', 'badge 4');
  await sleep(500);
  assert.deepEqual(await page.evaluate(() => window.__seen()), { highlights: 0, children: 'head,body' });
  assert.equal((await inspect(tabId)).hostTag, null);
  const popup = await popupOf(tabId);
  await until(async () => (await popup.locator('#list li').count()) === 4, '4 findings listed');
  assert.equal(await popup.locator('#pageNote').isVisible(), true);
  assert.match(await popup.locator('#pageNote').textContent(), /4/);
  assert.equal(await popup.locator('#list li', { hasText: 'not on screen' }).count(), 4);
  await popup.close();
  // A person asking for one (the popup's Show) gets its card: that is on their request.
  const id = state.findings.find((f) => f.severity !== 'low').id;
  await env.sw.evaluate(({ t, i }) => chrome.tabs.sendMessage(t, { what: 'jump', id: i }, { frameId: 0 }),
    { t: tabId, i: id });
  await until(async () => (await inspect(tabId, 'card'))?.findingId === id, 'card on request');
  await page.close();
});

test('findings off the page, of height 0, or in frames the page hides: nothing registered, no element', async () => {
  const { page, tabId } = await open('planted-boxes.html');
  await until(async () => (await badge(tabId)) === '7', 'badge 7 (4 in the page, 1 in each frame)');
  const frames = await framesWhen(tabId, (all) => (all.length === 4
    && all.every((f) => f.result?.started && !f.result.busy) ? all : null), 'every frame scanned');
  const found = frames.flatMap((f) => f.result.findings.filter((x) => x.payloads.includes(ZW_USER)));
  assert.equal(found.length, 7, JSON.stringify(frames));
  assert.ok(found.every((f) => !f.shown), JSON.stringify(found));
  await sleep(500);
  assert.deepEqual(await page.evaluate(() => window.__seen()),
    Array(4).fill({ highlights: 0, children: 'head,body' }));
  await page.close();
});

test('payloads with bidi controls, ZWSP, NUL and ESC show as chips in an isolated box', async () => {
  const { page, tabId, state } = await open('takeaway.html');
  const payload = await page.evaluate(() => window.__payload);
  assert.ok(hasPayload(state, payload), JSON.stringify(state.findings.map((f) => f.payloads)));
  const f = state.findings.find((x) => x.payloads.includes(payload));
  await env.sw.evaluate(({ t, i }) => chrome.tabs.sendMessage(t, { what: 'jump', id: i }, { frameId: 0 }),
    { t: tabId, i: f.id });
  const card = await until(async () => {
    const c = await inspect(tabId, 'card');
    return c?.findingId === f.id ? c : null;
  }, 'card');
  for (const cp of ['U+202E', 'U+202C', 'U+200B', 'U+0000', 'U+001B']) assert.ok(card.text.includes(cp), cp);
  assert.ok(!RAW.test(card.text), `raw control in the card: ${JSON.stringify(card.text)}`);
  assert.ok(card.text.includes('gnirts') && card.text.includes('[31m red text'), card.text);
  // The popup: the same chips, in a box whose direction stays inside.
  const popup = await popupOf(tabId);
  const detail = popup.locator('#list li .detail').first();
  const text = await detail.textContent();
  assert.ok(text.includes('U+202E') && text.includes('U+0000') && !RAW.test(text), JSON.stringify(text));
  assert.equal(await popup.locator('#list .isolate').first().evaluate((e) => getComputedStyle(e).unicodeBidi), 'isolate');
  await popup.screenshot({ path: path.join(OUT, 'popup-payload-chips.png') });
  await popup.close();
  // The copy check's notice too.
  await page.locator('#p1').selectText();
  await page.keyboard.press('Control+C');
  const n = await until(async () => {
    const x = await inspect(tabId, 'notice');
    return x?.kind === 'copy' ? x : null;
  }, 'copy notice');
  assert.ok(n.text.includes('U+202E') && !RAW.test(n.text), JSON.stringify(n.text));
  await page.close();
});

test('a page that takes away the highlights and the host gets them back 3 times, then the popup says so', async () => {
  const { page, tabId } = await open('takeaway.html');
  const seen = () => page.evaluate(() => window.__seen());
  const shown = await until(async () => {
    const s = await seen();
    return s.highlights > 0 && s.children.split(',').length === 3 ? s : null;
  }, 'highlights and host');
  for (let round = 1; round <= 4; round++) {
    await page.evaluate(() => window.__takeAway());
    await page.mouse.move(10 + round, 10); // the person moves the pointer: unmask looks again
    if (round <= 3) {
      await until(async () => {
        const s = await seen();
        return s.highlights > 0 && s.ranges >= shown.ranges && s.children === shown.children ? s : null;
      }, `restored (round ${round})`);
    } else {
      await sleep(800);
      assert.deepEqual(await seen(), { highlights: 0, ranges: 0, children: 'head,body' }, 'not restored a 4th time');
    }
  }
  const popup = await popupOf(tabId);
  await until(async () => /removed unmask’s highlights or markers 4 times/.test(
    await popup.locator('#pageNote').textContent()), 'the popup says the page took them 4 times');
  await popup.close();
  await page.close();
});

test('"only when I ask": no style inserted, nothing shown; paste guard works; then scan on request', async () => {
  await setSettings({ scanMode: 'asked' });
  try {
    const page = await env.ctx.newPage();
    const url = `${env.server.origin}/hostile/takeaway.html?asked`;
    await page.goto(url);
    const tabId = await tabIdOf(url);
    await until(async () => (await inspect(tabId)) != null, 'content script');
    const early = () => env.sw.evaluate(async (id) => {
      const [r] = await chrome.scripting.executeScript({
        target: { tabId: id }, world: 'ISOLATED',
        func: async () => (await globalThis[Symbol.for('unmask.early')].styles)?.result ?? null,
      });
      return r.result;
    }, tabId);
    assert.deepEqual(await early(), { inserted: false }, 'no highlight style inserted as the page started');
    await sleep(500);
    assert.equal((await inspect(tabId)).started, false);
    assert.deepEqual(await page.evaluate(() => window.__seen()), { highlights: 0, ranges: 0, children: 'head,body' });
    // The paste guard works before asking: its notice follows the person's own paste.
    const n = await pasteNotice(page, tabId, '#ta');
    assert.match(n.text, new RegExp(ZW_USER));
    assert.equal((await inspect(tabId)).started, false, 'no scan');
    assert.equal((await page.evaluate(() => window.__seen())).highlights, 0);
    // Asked: the styles go in, the page is scanned and highlighted.
    await env.sw.evaluate((id) => chrome.tabs.sendMessage(id, { what: 'scan-now' }, { frameId: 0 }), tabId);
    await until(async () => (await page.evaluate(() => window.__seen())).highlights > 0, 'highlights after asking');
    const st = await inspect(tabId);
    assert.deepEqual(st.stats.errors, [], 'the styles went in (no fallback)');
    assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length), 0);
    await page.close();
  } finally {
    await setSettings({ scanMode: 'always' });
  }
});

test('store packages: no test hook, minimum_chrome_version in Chrome\'s, and the Chrome one scans a page', { timeout: 60000 }, async () => {
  execFileSync('python3', [path.join(REPO, 'tools', 'dist.py')], { cwd: REPO, stdio: 'pipe' });
  const version = fs.readFileSync(path.join(REPO, 'Cargo.toml'), 'utf8').match(/^version\s*=\s*"([^"]+)"/m)[1];
  const dirs = {};
  for (const browser of ['chrome', 'firefox']) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `unmask-hooks-${browser}-`));
    execFileSync('python3', ['-m', 'zipfile', '-e', path.join(REPO, 'dist', `unmask-${version}-${browser}.zip`), dir]);
    dirs[browser] = dir;
    const files = fs.readdirSync(dir, { recursive: true }).filter((f) => /\.(js|html|json)$/.test(f));
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const hook of ['unmaskInspect', 'unmaskTest', 'unmaskChecker', 'test-hook']) {
        assert.ok(!text.includes(hook), `${browser}: ${f} holds ${hook}`);
      }
    }
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    assert.equal(m.minimum_chrome_version, browser === 'chrome' ? '105' : undefined);
    assert.ok(m.content_scripts.every((c) => c.match_about_blank && c.match_origin_as_fallback));
  }
  // The hook-less Chrome package still scans: the badge of a page with a payload.
  const { ctx: c2, sw: w } = await launchWithExtension(dirs.chrome, 'unmask-hooks-profile-');
  try {
    assert.equal(await w.evaluate(() => typeof globalThis.unmaskTest), 'undefined');
    const page = await c2.newPage();
    const url = `${env.server.origin}/hostile/clobber.html`;
    await page.goto(url);
    const id = await until(() => w.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url), 'tab');
    await until(async () => (await w.evaluate((t) => chrome.action.getBadgeText({ tabId: t }), id)) === '1', 'badge 1 from the package');
    const [r] = await w.evaluate((t) => chrome.scripting.executeScript({
      target: { tabId: t }, world: 'ISOLATED', func: () => Object.hasOwn(globalThis, 'unmaskInspect'),
    }), id);
    assert.equal(r.result, false, 'no inspector in the package');
  } finally {
    await c2.close();
    for (const dir of Object.values(dirs)) fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('no request left for anywhere but the fixture env.server and the extension', () => {
  const allowed = (u) => u.startsWith(`${env.server.origin}/`) || u.startsWith(`chrome-extension://${env.extId}/`)
    || u.startsWith('data:') || u === 'about:blank' || u === 'about:srcdoc';
  assert.deepEqual(env.requests.filter((u) => !allowed(u)), []);
});
