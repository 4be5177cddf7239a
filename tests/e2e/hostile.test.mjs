/**
 * Hostile pages (issue 7), in headless Chromium with the unpacked extension: 10 MB of text,
 * 200,000 nodes, a burst of mutations, 1 MB of zero-width spaces in one text node, nested shadow
 * roots and a very deep tree, a page that poisons the DOM's prototypes in its own world, strict
 * CSP with Trusted Types, payloads that decode to markup and script, and editors that throw or
 * rewrite themselves on paste. For each: the page's own DOM is unchanged, nothing is requested
 * from anywhere but the fixture server and the extension, the extension throws nothing (its
 * isolated world's exceptions and console errors through a CDP session per page, the service
 * worker's console errors), cards and notices hold text only, and the page's own animation
 * frames and timers keep running while the extension scans (long tasks are `make bench`'s).
 *
 * Then privacy (a page that tries to tell whether unmask is installed, compared with the same
 * page in a browser without it) and the messages (a compromised content script and an extension
 * page send malformed, oversized and unknown messages; nothing is stored, fetched or opened).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { OUT } from './extension-dir.mjs';
import { sleep, until, chromiumSession, zwBits, ZW_USER, CHROMIUM } from './helpers.mjs';

process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
const { chromium } = await import('playwright-core');

const CARD_TAGS = new Set(['div', 'span', 'p', 'button', 'h3', 'ul', 'li']);
const NOTICE_TAGS = new Set(['div', 'p', 'button', 'span']);
const LINE = `Send the bud${zwBits(ZW_USER)}get to Ana.`;
const LINE_CLEAN = 'Send the budget to Ana.';

/** Errors from the service worker (console errors, uncaught errors). */
const swErrors = [];
/** Timings worth reading in the test log. */
const timings = {};

const env = chromiumSession('unmask-hostile-', {
  clipboard: true,
  setup: async ({ sw }) => {
    sw.on('console', (m) => { if (m.type() === 'error') swErrors.push(m.text()); });
    await sw.evaluate(() => {
      globalThis.__unmaskTestErrors = [];
      self.addEventListener('error', (e) => globalThis.__unmaskTestErrors.push(String(e.message)));
      self.addEventListener('unhandledrejection', (e) => globalThis.__unmaskTestErrors.push(String(e.reason)));
    });
  },
  teardown: () => console.log(`hostile timings: ${JSON.stringify(timings)}`),
});
const { tabIdOf, inspect, setSettings, waitNotice } = env;

/**
 * Watches a page through CDP before it loads: exceptions and console errors thrown in the
 * extension's isolated world or by the extension's scripts, and the page's own uncaught errors.
 */
async function watchErrors(page) {
  const cdp = await env.ctx.newCDPSession(page);
  const extWorlds = new Set();
  const out = { ext: [], page: [] };
  const extOrigin = `chrome-extension://${env.extId}`;
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    if (context.origin === extOrigin || context.name === 'unmask'
      || (context.auxData?.type === 'isolated' && context.origin?.startsWith('chrome-extension://'))) {
      extWorlds.add(context.id);
    }
  });
  const fromExt = (ctxId, text) => extWorlds.has(ctxId) || text.includes(extOrigin);
  cdp.on('Runtime.exceptionThrown', ({ exceptionDetails: d }) => {
    const text = `${d.text} ${d.exception?.description ?? ''} ${d.url ?? ''} ${JSON.stringify(d.stackTrace?.callFrames?.map((f) => f.url) ?? [])}`;
    (fromExt(d.executionContextId, text) ? out.ext : out.page).push(text.slice(0, 500));
  });
  cdp.on('Runtime.consoleAPICalled', ({ type, args, executionContextId, stackTrace }) => {
    if (type !== 'error' && type !== 'assert') return;
    const text = `${args.map((a) => a.value ?? a.description).join(' ')} ${JSON.stringify(stackTrace?.callFrames?.map((f) => f.url) ?? [])}`;
    if (fromExt(executionContextId, text)) out.ext.push(text.slice(0, 500));
  });
  cdp.on('Log.entryAdded', ({ entry }) => {
    if (entry.level === 'error' && `${entry.url ?? ''} ${entry.text}`.includes(extOrigin)
      && !/Denying load of|ERR_BLOCKED_BY_CLIENT|Failed to load resource/.test(entry.text)) {
      out.ext.push(`${entry.source}: ${entry.text}`.slice(0, 500));
    }
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Log.enable');
  page.on('pageerror', (e) => {
    const s = `${e.message} ${e.stack ?? ''}`;
    if (s.includes(extOrigin)) out.ext.push(`pageerror: ${s.slice(0, 500)}`);
  });
  return out;
}

/** Opens a hostile fixture and waits until the content script has finished its first scan. */
async function open(name, { timeout = 30000, wait = true } = {}) {
  const page = await env.ctx.newPage();
  const errors = await watchErrors(page);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  const url = `${env.server.origin}/hostile/${name}`;
  const t0 = Date.now();
  await page.goto(url, { timeout: 60000 });
  const tabId = await tabIdOf(url);
  let state = null;
  if (wait) {
    state = await until(async () => {
      const s = await inspect(tabId);
      return s?.started && !s.busy ? s : null;
    }, `scan of ${name}`, timeout);
    timings[name] = Date.now() - t0;
  }
  return { page, tabId, errors, dialogs, state };
}

/** The checks every hostile page ends with. */
async function common({ page, tabId, errors }, { digest = true } = {}) {
  const st = await inspect(tabId);
  assert.deepEqual(st.stats.errors, [], 'the content script recorded no error');
  assert.deepEqual(errors.ext, [], 'nothing thrown in the extension\'s world');
  if (digest) {
    const [atLoad, now] = await page.evaluate(() => [window.__watch.digestAtLoad, window.__watch.digest()]);
    assert.ok(atLoad, 'digest at load');
    assert.equal(now, atLoad, 'the page\'s own DOM is unchanged');
    assert.deepEqual(await page.evaluate(() => window.__watch.violations), [], 'no CSP violation');
  }
  return st;
}

/** Opens the card of a finding through the popup's jump-to, and returns it. */
async function cardOf(tabId, id) {
  await env.sw.evaluate(({ t, i }) => chrome.tabs.sendMessage(t, { what: 'jump', id: i }, { frameId: 0 }),
    { t: tabId, i: id });
  return until(async () => {
    const c = await inspect(tabId, 'card');
    return c?.findingId === id ? c : null;
  }, `card ${id}`);
}

function assertInert(box, allowed, what) {
  const bad = box.elements.filter((e) => !allowed.has(e));
  assert.deepEqual(bad, [], `${what} holds only ${[...allowed]}: ${box.elements}`);
}

const hasPayload = (st, text = ZW_USER) => st.findings.some((f) => f.shown
  && f.payloads.some((p) => p?.includes(text)));

test('10 MB of text, one text node of 5 MB: scanned in slices, payload found', { timeout: 120000 }, async () => {
  const h = await open('huge.html', { timeout: 90000 });
  const st = await common(h);
  assert.ok(hasPayload(st), `payload in the 5 MB text node: ${JSON.stringify(st.findings.slice(0, 5))}`);
  assert.ok(st.stats.slices > 1 && st.stats.batches > 10, JSON.stringify(st.stats));
  assert.ok(st.stats.maxSliceEntries <= 2000);
  // Gaps over 100 ms between the page's animation frames (the page's own build and first
  // layout of 10 MB are among them: for the numbers, see make bench).
  const w = await h.page.evaluate(() => ({ raf: window.__watch.raf, timer: window.__watch.timer,
    longGaps: window.__watch.longGaps }));
  timings.hugeWatch = w;
  // The page kept painting and running its timers while the extension worked.
  // (How often is for make bench: on a loaded machine the counts vary; this only checks that
  // the page was never frozen for the whole scan.)
  assert.ok(w.raf > 3 && w.timer > 3, JSON.stringify(w));
  const f = st.findings.find((x) => x.payloads.some((p) => p?.includes(ZW_USER)));
  const card = await cardOf(h.tabId, f.id);
  assert.ok(card.text.includes(ZW_USER));
  assertInert(card, CARD_TAGS, 'card');
  await h.page.close();
});

test('200,000 nodes in one block', { timeout: 90000 }, async () => {
  const h = await open('nodes.html', { timeout: 60000 });
  const st = await common(h);
  assert.ok(hasPayload(st), JSON.stringify(st.findings.slice(0, 5)));
  assert.ok(st.stats.slices >= 50, `slices ${st.stats.slices}`);
  const w = await h.page.evaluate(() => ({ raf: window.__watch.raf, rafGap: Math.round(window.__watch.rafGap) }));
  timings.nodesWatch = w;
  assert.ok(w.raf > 3, JSON.stringify(w));
  await h.page.close();
});

test('a burst of mutations for 3 seconds, then a payload', { timeout: 60000 }, async () => {
  const h = await open('burst.html', { wait: false });
  await until(() => h.page.evaluate(() => window.__burstDone), 'burst over', 20000);
  const t0 = Date.now();
  const st = await until(async () => {
    const s = await inspect(h.tabId);
    return s && !s.busy && hasPayload(s) ? s : null;
  }, 'payload found after the burst', 20000);
  timings.burstSettle = Date.now() - t0;
  const w = await h.page.evaluate(() => ({ raf: window.__watch.raf, mutations: window.__mutations,
    rafGap: Math.round(window.__watch.rafGap), timerGap: Math.round(window.__watch.timerGap) }));
  timings.burstWatch = w;
  assert.ok(w.raf > 3, JSON.stringify(w));
  assert.deepEqual(st.stats.errors, []);
  assert.deepEqual(h.errors.ext, []);
  // Only the one payload paragraph: the page's own churn produced no finding.
  assert.equal(st.findings.filter((f) => f.severity !== 'low').length, 1, JSON.stringify(st.findings));
  await h.page.close();
});

test('one text node of 1 MB of zero-width spaces', { timeout: 60000 }, async () => {
  const h = await open('zwsp.html', { timeout: 45000 });
  const st = await common(h);
  const loud = st.findings.filter((f) => f.shown);
  assert.ok(loud.length >= 1, JSON.stringify(st.findings.slice(0, 3)));
  const card = await cardOf(h.tabId, loud[0].id);
  assert.match(card.text, /U\+200B ZERO WIDTH SPACE/);
  assert.ok(card.text.length < 20000, `card of ${card.text.length} characters`);
  assertInert(card, CARD_TAGS, 'card');
  const text = await h.page.evaluate(() => document.getElementById('flood').textContent.length);
  assert.equal(text, 'Start'.length + (1 << 20) + 'end.'.length);
  await h.page.close();
});

test('200 nested shadow roots and a tree 20,000 elements deep', { timeout: 60000 }, async () => {
  const h = await open('nested.html', { timeout: 45000 });
  const st = await common(h);
  const withPayload = st.findings.filter((f) => f.payloads.some((p) => p?.includes(ZW_USER)));
  const texts = withPayload.map((f) => f.text);
  assert.equal(withPayload.length, 2, `the deepest shadow root and the deepest element: ${JSON.stringify(st.findings)}`);
  // The deepest shadow root's is highlighted; the deep chain is hidden (no box): only counted.
  assert.deepEqual(withPayload.map((f) => f.shown), [true, false]);
  assert.ok(texts.every((t) => t.includes('\u200B')), JSON.stringify(texts));
  await h.page.close();
});

test('a page that poisons Node, EventTarget, Range, CSS.highlights and MutationObserver', { timeout: 60000 }, async () => {
  const h = await open('override.html');
  const st = await common(h, { digest: false });
  assert.ok(hasPayload(st), JSON.stringify(st.findings));
  assert.ok(st.highlightNames.length >= 1, 'highlights registered from the isolated world');
  assert.ok(st.hostTag, 'markers shown');
  const f = st.findings.find((x) => x.shown);
  const card = await cardOf(h.tabId, f.id);
  assert.ok(card.text.includes(ZW_USER));
  assertInert(card, CARD_TAGS, 'card');
  // The page's own text, read through Playwright's utility world (the main world is poisoned).
  assert.equal(await h.page.locator('#p1').textContent(), 'Send the budget now.');
  assert.equal(await h.page.locator('#p2').textContent(), `The bud${zwBits(ZW_USER)}get is final.`);
  // Copy and paste still work there.
  await h.page.locator('#p2').selectText();
  await h.page.keyboard.press('Control+C');
  const n = await until(() => inspect(h.tabId, 'notice'), 'copy notice');
  assertInert(n, NOTICE_TAGS, 'notice');
  assert.deepEqual(h.errors.ext, []);
  assert.deepEqual((await inspect(h.tabId)).stats.errors, []);
  await h.page.close();
});

test('strict CSP with Trusted Types: scanned, highlighted, paste guard, no violation', { timeout: 60000 }, async () => {
  const h = await open('csp-tt.html');
  const st = await common(h);
  assert.ok(hasPayload(st), JSON.stringify(st.findings));
  assert.ok(st.findings.some((f) => f.where === 'attr' && f.shown), 'the title attribute');
  assert.ok(st.highlightNames.length >= 1);
  await h.page.evaluate((t) => navigator.clipboard.writeText(t), LINE);
  for (const sel of ['#ta', '#ed']) {
    await h.page.focus(sel);
    await h.page.keyboard.press('Control+V');
    const n = await until(async () => {
      const x = await inspect(h.tabId, 'notice');
      return x?.kind === 'paste' && x.buttons.length ? x : null; // not the last one, settled
    }, `paste notice in ${sel}`);
    assertInert(n, NOTICE_TAGS, 'notice');
    const b = n.buttons[0];
    await h.page.mouse.click(b.x, b.y);
    await until(async () => (await h.page.locator(sel).evaluate((e) => (e.localName === 'div'
      ? e.textContent : e.value))) === LINE_CLEAN, `clean text in ${sel}`);
  }
  assert.deepEqual(await h.page.evaluate(() => window.__watch.violations), [], 'no CSP or Trusted Types violation');
  assert.deepEqual(h.errors.ext, []);
  assert.deepEqual((await inspect(h.tabId)).stats.errors, []);
  await h.page.screenshot({ path: path.join(OUT, 'hostile-csp-tt.png') });
  await h.page.close();
});

test('payloads that decode to HTML and script stay text: cards, notices, popup', { timeout: 60000 }, async () => {
  const h = await open('markup.html');
  const st = await common(h);
  const markup = await h.page.evaluate(() => window.MARKUP);
  const shown = st.findings.filter((f) => f.shown);
  assert.ok(shown.some((f) => f.where === 'text') && shown.some((f) => f.where === 'attr')
    && shown.some((f) => f.where === 'field'), JSON.stringify(shown));
  for (const f of shown) {
    const card = await cardOf(h.tabId, f.id);
    assertInert(card, CARD_TAGS, `card of ${f.where}`);
  }
  const textCard = await cardOf(h.tabId, shown.find((f) => f.where === 'text').id);
  assert.ok(textCard.text.includes(markup), textCard.text);
  // Copy check and paste guard with the same text.
  await h.page.locator('#p1').selectText();
  await h.page.keyboard.press('Control+C');
  const copied = await waitNotice(h.tabId, 'copy');
  assertInert(copied, NOTICE_TAGS, 'copy notice');
  assert.ok(copied.text.includes('<script>'), copied.text);
  await h.page.focus('#paste');
  await h.page.keyboard.press('Control+V');
  const pasted = await waitNotice(h.tabId, 'paste');
  assertInert(pasted, NOTICE_TAGS, 'paste notice');
  // The popup lists the decoded payloads as text.
  const popup = await env.ctx.newPage();
  await popup.goto(`chrome-extension://${env.extId}/popup.html?tab=${h.tabId}`);
  await popup.waitForSelector('#list li');
  const tags = await popup.evaluate(() => [...document.querySelectorAll('#list *')].map((e) => e.localName));
  assert.deepEqual(tags.filter((t) => !['li', 'span', 'button', 'mark'].includes(t)), [], tags.join());
  assert.ok((await popup.locator('#list').textContent()).includes('<script>'));
  await popup.close();
  await sleep(300);
  assert.deepEqual(h.dialogs, [], 'no dialog');
  assert.ok(!env.server.requests.some((u) => u.startsWith('/x')), 'no request for /x');
  assert.ok(!env.requests.some((u) => new URL(u).pathname === '/x'));
  assert.deepEqual(h.errors.ext, []);
  await h.page.close();
});

test('hostile editors: handlers that throw, DOM rebuilt on paste and input', { timeout: 60000 }, async () => {
  const h = await open('editor.html');
  await common(h);
  const text = (sel) => h.page.locator(sel).evaluate((e) => (e.localName === 'textarea' ? e.value : e.textContent));
  // Copy from the page (its copy and selectionchange handlers throw).
  await h.page.locator('#src').selectText();
  await h.page.keyboard.press('Control+C');
  const copied = await waitNotice(h.tabId, 'copy');
  assert.ok(copied.text.includes(ZW_USER), copied.text);
  const results = {};
  for (const sel of ['#thrower', '#rewriter', '#upper']) {
    await h.page.evaluate((t) => navigator.clipboard.writeText(t), LINE);
    await h.page.focus(sel);
    await h.page.keyboard.press('Control+V');
    const landed = await until(async () => {
      const t = await text(sel);
      return t.replace(/\s+/g, ' ').trim().toUpperCase() === LINE.toUpperCase() ? t : null;
    }, `paste landed in ${sel}`);
    const n = await until(async () => {
      const x = await inspect(h.tabId, 'notice');
      return x?.kind === 'paste' && x.buttons.length ? x : null; // not the last one, settled
    }, `paste notice for ${sel}`);
    assertInert(n, NOTICE_TAGS, 'notice');
    await h.page.mouse.click(n.buttons[0].x, n.buttons[0].y);
    await sleep(400);
    const after = await text(sel);
    // Replaced with the clean text, or (the editor moved it) left exactly as it landed, or
    // (the editor pasted the clean text its own way: #rewriter appends every paste) changed,
    // and then the notice does not claim a replacement.
    const settledNotice = await until(async () => {
      const x = await inspect(h.tabId, 'notice');
      return x && !x.text.includes('Replace with the clean text') ? x : null;
    }, `settled notice for ${sel}`, 5000).catch(() => null);
    const replaced = [LINE_CLEAN, LINE_CLEAN.toUpperCase()].includes(after.trim());
    const ok = replaced || after === landed
      || /did not take the clean text as unmask gave it/.test(settledNotice?.text ?? '');
    assert.ok(ok, `${sel}: ${JSON.stringify(after)}; notice ${settledNotice?.text}`);
    if (!replaced) assert.ok(!/Replaced with the clean text/.test(settledNotice?.text ?? ''), 'no claim');
    results[sel] = replaced ? 'replaced' : after === landed ? 'left alone' : 'changed, said so';
    await h.page.evaluate((s) => {
      const e = document.querySelector(s);
      if (e.localName === 'textarea') e.value = ''; else e.replaceChildren();
    }, sel);
  }
  timings.editors = results;
  assert.deepEqual(h.errors.ext, [], 'the page threw, the extension did not');
  assert.ok(h.errors.page.some((e) => /page editor throws/.test(e)), 'the page\'s own handlers did throw');
  assert.deepEqual((await inspect(h.tabId)).stats.errors, []);
  await h.page.close();
});

// ---- privacy --------------------------------------------------------------------------------
/** Runs the probe page in a context and returns what it reported to the fixture server. */
async function probe(context, run, query) {
  const page = await context.newPage();
  const url = `${env.server.origin}/hostile/probe.html?id=${env.extId}&run=${run}${query}`;
  await page.goto(url);
  return page;
}

/** Copies the payload paragraph and pastes it into the page's textarea, then waits. */
async function actAsPerson(p) {
  await p.locator('#p2').selectText();
  await p.keyboard.press('Control+C');
  await p.focus('#ta');
  await p.keyboard.press('Control+V');
  await until(async () => (await p.locator('#ta').inputValue()).includes('\u200B'), 'pasted');
  await p.evaluate(() => { getSelection().removeAllRanges(); document.activeElement.blur(); });
  await sleep(800);
}

async function report(page, run) {
  await page.evaluate(() => window.__probe());
  const r = env.server.seen.find((x) => x.run === run && x.probe);
  assert.ok(r, `probe ${run} reported`);
  return JSON.parse(r.probe);
}

/** What the page found must be what it finds without the extension. The time its own
 * MutationObserver takes is logged with the other timings, not asserted: clocks are for
 * make bench. */
function samePrivacy(found, base, what) {
  const { observerMs: _a, ...restFound } = found;
  const { observerMs: _b, ...restBase } = base;
  assert.deepEqual(restFound, restBase, `${what}: the page can tell`);
  assert.equal(found.resourcesSameAsFake, true, 'the real id and a made-up one look the same');
  assert.equal(found.highlights, 0);
}

test('privacy: a page cannot tell unmask is installed (clean page; asked mode before asking)', { timeout: 90000 }, async () => {
  // Without the extension: the baseline.
  const plain = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  let base;
  let baseAsked;
  try {
    const bctx = await plain.newContext({ viewport: { width: 1000, height: 700 } });
    const p1 = await probe(bctx, 'base', '');
    await sleep(500);
    base = await report(p1, 'base');
    const p2 = await probe(bctx, 'base-payload', '&payload=1');
    await actAsPerson(p2);
    baseAsked = await report(p2, 'base-payload');
  } finally {
    await plain.close();
  }

  // With the extension, on a page where it finds nothing (it has scanned it).
  const page = await probe(env.ctx, 'ext', '');
  const errors = await watchErrors(page);
  const tabId = await tabIdOf(page.url());
  await until(async () => {
    const s = await inspect(tabId);
    return s?.started && !s.busy && s.stats.scans > 0;
  }, 'scan of the probe page');
  await sleep(500);
  const found = await report(page, 'ext');
  timings.observerMs = { base: base.observerMs, ext: found.observerMs };
  samePrivacy(found, base, 'clean page');
  assert.equal((await inspect(tabId)).hostTag, null);
  assert.deepEqual(errors.ext, []);
  await page.close();

  // "Only when I ask": a page with a payload, a copy and a paste of hidden text, before asking.
  // Nothing is scanned, styled or highlighted; the copy check and the paste guard work, and
  // what the page sees of them is exactly one element: the notice's host, added after the
  // person's own paste of hidden text (issue 15, item 8).
  await setSettings({ scanMode: 'asked' });
  try {
    const p = await probe(env.ctx, 'asked', '&payload=1');
    const tab2 = await tabIdOf(p.url());
    await until(async () => (await inspect(tab2)) != null, 'content script');
    await actAsPerson(p);
    const st = await inspect(tab2);
    assert.equal(st.started, false);
    assert.equal((await until(() => inspect(tab2, 'notice'), 'paste notice')).kind, 'paste');
    const foundAsked = await report(p, 'asked');
    const { htmlChildren, customTags, elements, mutations, ...rest } = foundAsked;
    const { htmlChildren: h0, customTags: c0, elements: e0, mutations: m0, ...rest0 } = baseAsked;
    samePrivacy(rest, rest0, 'asked mode');
    const hostTag = (await inspect(tab2)).hostTag;
    assert.ok(hostTag);
    assert.deepEqual([htmlChildren, customTags, elements, mutations],
      [`${h0},${hostTag}`, c0 + 1, e0 + 1, m0 + 1], 'the notice\'s host element is all the page can see');
    await p.close();
  } finally {
    await setSettings({ scanMode: 'always' });
  }
});

// ---- messages -------------------------------------------------------------------------------
/** Everything the extension keeps, to compare before and after hostile messages. */
const snapshot = () => env.sw.evaluate(async () => ({
  local: await chrome.storage.local.get(null),
  sync: await chrome.storage.sync.get(null),
  session: Object.keys(await chrome.storage.session.get(null)).sort(),
  tabs: (await chrome.tabs.query({})).length,
}));

/** Malformed, oversized and unknown messages, sent as a content script or an extension page. */
const HOSTILE_MESSAGES = async () => {
  const big = 'a'.repeat(4 * 1024 * 1024 + 1);
  const msgs = [
    'scan', 42, null, ['scan'], { what: 'nope' }, { what: '__proto__' }, { what: 'constructor' },
    { what: 'toString' }, { what: 'hasOwnProperty' }, { what: 'fetch', url: 'http://127.0.0.1:1/' },
    { what: 'open', url: 'https://example.com/' }, { what: 'store', key: 'scanMode', value: 'x' },
    { what: 'scan' }, { what: 'scan', texts: 'abc', lang: 'en', max_findings: 5 },
    { what: 'scan', texts: [big], lang: 'en', max_findings: 5 },
    { what: 'scan', texts: new Array(200001).fill(''), lang: 'en', max_findings: 5 },
    { what: 'scan', texts: ['a'], lang: 'en', max_findings: 0 },
    { what: 'scan', texts: ['a'], lang: 'en', max_findings: 1e9 },
    { what: 'scan', texts: ['a'], lang: 'en', max_findings: '5' },
    { what: 'scan', texts: ['a'], lang: '__proto__', max_findings: 5 },
    { what: 'scan', texts: [{ toString: 'x' }], lang: 'en', max_findings: 5 },
    { what: 'check' }, { what: 'check', text: big, lang: 'en' },
    { what: 'check', text: ['a'], lang: 'en' }, { what: 'check', text: 'a', lang: 'constructor' },
    { what: 'styles' }, { what: 'styles', names: 'x' },
    { what: 'styles', names: { high: 'a}*{display:none', medium: 'abcdefgh', low: 'abcdefgh', active: 'abcdefgh' } },
    { what: 'styles', names: { high: 'abcdefgh', medium: 'abcdefgh', low: 'abcdefgh', active: 'ABC' } },
  ];
  const out = [];
  for (const m of msgs) {
    try {
      const r = await chrome.runtime.sendMessage(m);
      out.push(r === undefined ? 'no answer' : r.ok === false ? `refused: ${r.error}` : `ACCEPTED ${JSON.stringify(r).slice(0, 80)}`);
    } catch (e) {
      out.push(`error: ${e.message}`);
    }
  }
  return out;
};

test('messages: a compromised content script gets errors, and nothing is stored, fetched or opened', { timeout: 60000 }, async () => {
  const { page, tabId, errors } = await open('probe.html');
  const before = await snapshot();
  const reqBefore = env.requests.length;
  // The function is compiled by the devtools protocol (the worker's CSP forbids eval), then
  // injected into the page's isolated world: a content script gone rogue.
  const out = await env.sw.evaluate(`(async () => {
    const [res] = await chrome.scripting.executeScript({
      target: { tabId: ${tabId} }, world: 'ISOLATED', func: ${HOSTILE_MESSAGES.toString()},
    });
    return res.result;
  })()`);
  assert.equal(out.length, 29);
  const accepted = out.filter((x) => x.startsWith('ACCEPTED'));
  assert.deepEqual(accepted, [], out.join('\n'));
  // A report with hostile fields, over a port as a content script sends it, is stored only as
  // the bounded, typed counts; ports with a name that is not a frame's are closed at once.
  const stored = await env.sw.evaluate(async ({ id }) => {
    const [res] = await chrome.scripting.executeScript({
      target: { tabId: id }, world: 'ISOLATED',
      func: async () => {
        const closed = [];
        for (const name of ['frame:xyz', 'frame:', 'other', `frame:${'a'.repeat(17)}`]) {
          const bad = chrome.runtime.connect({ name });
          bad.onDisconnect.addListener(() => closed.push(name));
        }
        const port = chrome.runtime.connect({ name: 'frame:00112233445566ff' });
        port.postMessage({
          what: 'report', count: -5, origin: 'javascript:alert(1)', scanned: 'yes', unreadable: { a: 1 },
          unboxed: '7', findings: [...new Array(5000)].map((_, i) => ({ id: i, severity: 'critical', kind: 'k'.repeat(100),
            chars: new Array(100).fill('U+200B'), explanation: 'e'.repeat(1000), payload: '<img src=x onerror=alert(1)>'.repeat(20),
            where: 'text', __proto__: { polluted: true }, extra: 'x' })),
        });
        await new Promise((r) => { setTimeout(r, 1000); });
        return closed.sort();
      },
    });
    const all = await chrome.storage.session.get(null);
    return { closed: res.result, rec: all[`t:${id}`] };
  }, { id: tabId });
  assert.deepEqual(stored.closed, ['frame:', `frame:${'a'.repeat(17)}`, 'frame:xyz', 'other']);
  const e = stored.rec.frames[0];
  assert.deepEqual(Object.keys(stored.rec.frames), ['0']);
  assert.equal(e.count, 0);
  assert.equal(e.unboxed, 0);
  assert.equal(e.doc, '00112233445566ff');
  assert.equal(e.findings, undefined, 'no findings stored');
  assert.ok(JSON.stringify(stored.rec).length < 300, JSON.stringify(stored.rec));
  assert.equal(stored.rec.origin, '', 'an origin that is not the frame\'s own is not kept');
  assert.equal(e.unreadable, '');
  assert.equal(e.scanned, false);
  const afterSnap = await snapshot();
  assert.deepEqual(afterSnap.local, before.local, 'storage.local unchanged');
  assert.deepEqual(afterSnap.sync, before.sync, 'storage.sync unchanged');
  assert.deepEqual(afterSnap.session, before.session.includes(`t:${tabId}`) ? before.session
    : [...before.session, `t:${tabId}`].sort());
  assert.equal(afterSnap.tabs, before.tabs, 'no tab opened');
  const newRequests = env.requests.slice(reqBefore).filter((u) => !u.startsWith(`chrome-extension://${env.extId}/`));
  assert.deepEqual(newRequests, [], 'no request');
  assert.deepEqual(errors.ext, []);
  await page.close();
});

test('messages: an extension page gets errors too; no external entry points', { timeout: 60000 }, async () => {
  const before = await snapshot();
  const page = await env.ctx.newPage();
  await page.goto(`chrome-extension://${env.extId}/options.html`);
  const out = await page.evaluate(`(${HOSTILE_MESSAGES.toString()})()`);
  assert.deepEqual(out.filter((x) => x.startsWith('ACCEPTED')), [], out.join('\n'));
  // A content-script message from a page that is no content script is not served.
  const r = await page.evaluate(async () => {
    try {
      return await chrome.runtime.sendMessage({ what: 'report', count: 3, findings: [], origin: '', scanned: true, unreadable: '' });
    } catch (e) { return `error: ${e.message}`; }
  });
  assert.ok(r === undefined || typeof r === 'string' || r.ok === false, JSON.stringify(r));
  await page.close();
  const afterSnap = await snapshot();
  assert.deepEqual(afterSnap.local, before.local);
  assert.deepEqual(afterSnap.sync, before.sync);
  assert.deepEqual(afterSnap.session, before.session);
  const m = await env.sw.evaluate(() => chrome.runtime.getManifest());
  assert.equal(m.externally_connectable, undefined);
  assert.equal(m.web_accessible_resources, undefined);
  const listeners = await env.sw.evaluate(() => ({
    external: chrome.runtime.onMessageExternal.hasListeners(),
    connectExternal: chrome.runtime.onConnectExternal.hasListeners(),
    connect: chrome.runtime.onConnect.hasListeners(),
    message: chrome.runtime.onMessage.hasListeners(),
  }));
  // onConnect: the content scripts' ports (a frame's share of the badge goes with its port).
  assert.deepEqual(listeners, { external: false, connectExternal: false, connect: true, message: true });
  // A web page has no way in: no chrome.runtime in its world.
  const web = await env.ctx.newPage();
  await web.goto(`${env.server.origin}/hostile/probe.html`);
  assert.equal(await web.evaluate(() => typeof globalThis.chrome?.runtime), 'undefined');
  await web.close();
});

test('hostile pages: no request left, the service worker threw nothing', async () => {
  const allowed = (u) => u.startsWith(`${env.server.origin}/`) || u.startsWith(`chrome-extension://${env.extId}/`)
    || u.startsWith('data:') || u.startsWith('chrome-extension://bcdefghijklmnopabcdefghijklmnopa/')
    // what Chromium makes of the probe page's own loads of extension resources it may not load
    || u === 'chrome-extension://invalid/';
  assert.deepEqual(env.requests.filter((u) => !allowed(u)), []);
  assert.ok(!env.server.requests.some((u) => u.startsWith('/x')));
  const thrown = await env.sw.evaluate(() => globalThis.__unmaskTestErrors ?? []);
  assert.deepEqual(thrown, []);
  assert.deepEqual(swErrors, []);
});
