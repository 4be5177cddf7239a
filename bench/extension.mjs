/**
 * The extension side of `make bench` (run by bench/run.py): the unpacked extension in headless
 * Chromium (Debian's) on a page with about 1 MB of text in 50,000 text nodes.
 *
 *   node bench/extension.mjs            prints one JSON object
 *
 * Measured in the page's renderer (the content script runs on the page's main thread; the core
 * runs in the service worker):
 *  - first_ms: main-thread time of the first scan (the median of three loads of the page; all
 *    three in first_all_ms): CDP Performance `TaskDuration` from the
 *    moment the scan is asked for (the "only when asked" setting, then the popup's `scan-now`
 *    message) until the content script is idle with every batch answered. The cost of the
 *    polls that watch for the end is measured beforehand and taken off.
 *  - longest_task_ms: the longest task on the page's main thread during the first scans, from a
 *    trace of the page's renderer (CDP Tracing, its main thread's RunTask events; a
 *    PerformanceObserver for `longtask` misses the rendering tasks the extension causes, such
 *    as the style update when highlight styles are inserted), or the content script's own
 *    longest idle slice if longer. longtasks lists that scan's tasks over 50 ms;
 *    rescan_longtasks those of the rescans, which include the page's own rendering of the
 *    change (control_longtasks: the same for the control changes).
 *  - host_pass_ms: main-thread time of the pass that asks the standard elements with children
 *    for a closed shadow root, in idle time after each first scan (host_asks elements; median).
 *  - rescan_ms: the same main-thread time after 1 KB of new text (a new paragraph in one section),
 *    less the page's own cost of such a change (style, layout: measured the same way on other
 *    sections before the extension watches the page; rescan_raw_ms keeps it in). Medians of 3.
 */
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const EXT = path.resolve(HERE, '..', 'extension');
const CHROMIUM = process.env.UNMASK_CHROMIUM ?? '/usr/lib/chromium/chromium';
const { chromium } = await import('playwright-core');

// ---- the page: 2,500 sections x 4 paragraphs x 5 text nodes = 50,000 text nodes, ~1 MB -------
const WORDS = ('the of and to in is was that for it with as his on be at by had are but from or have an they '
  + 'which one you were her all she there would their we him been has when who will more no if out so said what '
  + 'up its about into than them can only other new some could time these two may then do first any my now such '
  + 'like our over man me even most made after also did many before must through back years where much your way '
  + 'well down should because each just those people how too little state good very make world still own see men '
  + 'work long get here between both life being under never day same another know while last might us great old')
  .split(' ');
let seed = 12345;
const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x80000000; };
const words = (bytes) => {
  let s = '';
  while (s.length < bytes) s += (s ? ' ' : '') + WORDS[Math.floor(rnd() * WORDS.length)];
  return s;
};
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function page() {
  const parts = ['<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body><main>'];
  let textBytes = 0;
  let hidden = 0;
  for (let s = 0; s < 2500; s++) {
    parts.push(`<div class="section" id="s${s}">`);
    for (let p = 0; p < 4; p++) {
      const n = [words(19), words(17), words(19), words(17), words(19)];
      // A hidden character in one word of every 250th section (10 in all): something to show.
      if (p === 0 && s % 250 === 7) {
        n[2] = n[2].replace(' ', ' x\u200By');
        hidden++;
      }
      for (const t of n) textBytes += Buffer.byteLength(t) + 1;
      parts.push(`<p>${esc(n[0])} <b>${esc(n[1])}</b> ${esc(n[2])} <a href="#s${s}">${esc(n[3])}</a> ${esc(n[4])}</p>`);
    }
    parts.push('</div>');
  }
  parts.push('</main></body></html>');
  return { html: parts.join('\n'), textBytes, hidden };
}

const { html, textBytes, hidden } = page();
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/bench.html`;

const r1 = (x) => Math.round(x * 10) / 10;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'unmask-bench-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1000, height: 700 },
  args: [`--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`],
});
const result = { text_bytes: textBytes, text_nodes: 50000, hidden };
try {
  const sw = ctx.serviceWorkers()[0] ?? await ctx.waitForEvent('serviceworker', { timeout: 15000 });
  // Wait until the extension has installed its defaults, then ask it to scan only when asked.
  await sleep(500);
  await sw.evaluate(() => chrome.storage.local.set({ scanMode: 'asked' }));
  const pg = await ctx.newPage();
  await pg.goto(url, { waitUntil: 'load' });
  const tabId = await sw.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url);
  const inspect = () => sw.evaluate(async (id) => {
    const [r] = await chrome.scripting.executeScript({
      target: { tabId: id }, world: 'ISOLATED',
      func: () => {
        const s = globalThis.unmaskInspect?.state();
        return s && { started: s.started, busy: s.busy, stats: s.stats, findings: s.findings.length };
      },
    });
    return r.result;
  }, tabId);
  const cdp = await ctx.newCDPSession(pg);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const taskMs = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'TaskDuration').value * 1000;
  };
  await sleep(1500); // let the page settle after load

  // The main-thread cost of one poll, to take off later.
  let t0 = await taskMs();
  for (let i = 0; i < 10; i++) await inspect();
  const pollMs = (await taskMs() - t0) / 10;
  result.poll_ms = pollMs;

  /**
   * Runs `fn` while tracing the renderer's tasks: its value, the longest task on the page's
   * main thread and the tasks over 50 ms (thread time in ms, as TaskDuration: on a shared
   * machine, wall time counts other processes too). A user-timing mark, traced on that thread, tells
   * which thread it is.
   */
  async function longTasks(fn) {
    const events = [];
    const onData = (d) => events.push(...d.value);
    cdp.on('Tracing.dataCollected', onData);
    const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.start', { categories: 'toplevel,blink.user_timing', transferMode: 'ReportEvents' });
    await pg.evaluate(() => performance.mark('unmask-bench-main'));
    const value = await fn();
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', onData);
    const mark = events.find((e) => e.name === 'unmask-bench-main');
    const tasks = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X'
      && e.name === 'ThreadControllerImpl::RunTask').map((e) => (e.tdur ?? e.dur) / 1000)
      .sort((a, b) => b - a);
    return { value, longest: r1(tasks[0] ?? 0), longtasks: tasks.filter((t) => t > 50).map(r1) };
  }

  /** Main-thread ms until the content script is idle with `scans` answers at least. */
  async function measure(start, minScans) {
    const { value, longest, longtasks } = await longTasks(() => measureTime(start, minScans));
    return { ...value, longest, longtasks };
  }

  async function measureTime(start, minScans) {
    const before = await taskMs();
    const wall0 = performance.now();
    await start();
    let polls = 0;
    let state;
    for (;;) {
      await sleep(200);
      state = await inspect();
      polls++;
      if (state?.started && !state.busy && state.stats.scans >= minScans) break;
      if (performance.now() - wall0 > 120000) throw new Error(`scan did not finish: ${JSON.stringify(state)}`);
    }
    const wall = performance.now() - wall0;
    const ms = await taskMs() - before - polls * pollMs;
    return { ms, wall_ms: wall, state };
  }

  // Control: the page's own main-thread cost of the same kind of change (style, layout, paint)
  // with the content script not yet watching, over the same number of polls as a rescan.
  const addParagraph = (id) => pg.evaluate(({ t, id: where }) => {
    const p = document.createElement('p');
    p.textContent = t;
    document.getElementById(where).append(p);
  }, { t: added, id });
  const added = `${words(1000)} one more x\u200By hidden`.slice(0, 1024);
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const controls = [];
  const control = await longTasks(async () => {
    for (const id of ['s1231', 's1232', 's1233']) {
      const before = await taskMs();
      await addParagraph(id);
      await sleep(200);
      await inspect();
      controls.push(await taskMs() - before - pollMs);
    }
  });
  result.control_ms = median(controls);
  result.control_longtasks = control.longtasks;

  // The first scan of three fresh loads of the page (without the control's paragraphs): the
  // median counts, and the longest task of all three.
  const firsts = [];
  const hostPasses = [];
  for (let k = 0; k < 3; k++) {
    await pg.reload({ waitUntil: 'load' });
    await sleep(1500);
    firsts.push(await measure(
      () => sw.evaluate((id) => chrome.tabs.sendMessage(id, { what: 'scan-now' }), tabId), 1,
    ));
    // The pass over standard elements with children for closed roots, in idle time after the
    // scan (extension/content/collect.js, askHosts): elements asked and its main-thread ms.
    await sleep(500);
    const { stats } = await inspect();
    hostPasses.push({ asks: stats.hostAsks, ms: stats.hostAskMs });
  }
  const first = firsts.slice().sort((a, b) => a.ms - b.ms)[1];
  const last = firsts[firsts.length - 1]; // the rescans are of the page as last loaded
  result.first_all_ms = firsts.map((f) => r1(f.ms));
  result.first_ms = first.ms;
  result.first_wall_ms = first.wall_ms;
  result.first_ms_per_mb = first.ms / (textBytes / 1e6);
  result.batches = first.state.stats.batches;
  result.findings = first.state.findings;
  result.errors = first.state.stats.errors;
  result.max_slice_ms = first.state.stats.maxSliceMs;
  result.longtasks = firsts.flatMap((f) => f.longtasks);
  result.host_asks = hostPasses[0].asks;
  result.host_pass_all_ms = hostPasses.map((h) => r1(h.ms));
  result.host_pass_ms = median(hostPasses.map((h) => h.ms));

  // 1 KB of new text, with one hidden character, in a new paragraph of one section.
  // Three rescans, in three sections; the median counts.
  const res = [];
  for (const id of ['s1234', 's1235', 's1236']) {
    res.push(await measure(() => addParagraph(id), last.state.stats.scans + res.length + 1));
  }
  const re = res.slice().sort((a, b) => a.ms - b.ms)[1];
  result.rescan_raw_ms = re.ms;
  result.rescan_raw_all_ms = res.map((r) => r1(r.ms));
  result.control_all_ms = controls.map(r1);
  result.rescan_ms = Math.max(0, re.ms - result.control_ms);
  result.rescan_wall_ms = re.wall_ms;
  result.rescan_findings = re.state.findings;
  result.rescan_longtasks = res.flatMap((r) => r.longtasks);
  result.longest_task_ms = Math.max(...firsts.map((f) => Math.max(f.longest, f.state.stats.maxSliceMs)));
} finally {
  await ctx.close();
  server.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(result));
