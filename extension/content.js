/**
 * unmask content script: collects the text a person reads, has the background scan it, and
 * shows what was found without changing the page.
 *
 * - Text: text nodes (inline elements joined into one block, "\n" between blocks), shadow
 *   roots open and closed, the title, `<option>`s, `input`/`textarea` values, contenteditable,
 *   and the attributes alt, title, aria-label and placeholder. Each frame runs its own copy
 *   (`all_frames`, and frames without a URL of their own: srcdoc, about:blank).
 * - Work is done in idle callbacks, in slices of at most SLICE_ENTRIES nodes. A
 *   MutationObserver queues what changed, which is rescanned with its inline neighbours (not
 *   its whole block), a block that keeps changing waiting longer each time, within a budget of
 *   rescanned text per second (see "rescanning what a page changes").
 * - The core runs in the background (see background.js), so the page's thread never runs it.
 * - Display: CSS Custom Highlights with random names (their styles injected by the background
 *   as the document starts: js/early-styles.js), and one host element on documentElement with
 *   a closed shadow root holding markers and cards. Nothing is registered and no element exists
 *   until a finding with a rendered box is shown (a page cannot make unmask show itself by
 *   planting hidden text); findings without one are only counted and listed in the popup. A
 *   page that removes the host or clears the highlights gets them back, a few times at most,
 *   and the popup says so.
 * - Copy and paste (issue 5): a notice when a copied selection or a paste into a field or
 *   editor holds hidden characters, with "copy clean instead" / "replace with the clean text"
 *   (one undoable edit; the paste itself always goes through first); the context menu's
 *   selection reading and clean copy. The notice lives in the same host element.
 * - Settings (js/settings.js) decide which severities and kinds are shown and the paste mode.
 * - Page-supplied text is only ever set with textContent.
 */
'use strict';
(() => {
  // Injected twice (popup re-injection): keep the first. A symbol-keyed own property of this
  // world's global object: no element a page names (`<div id=...>`, named access on `window`)
  // can make it appear (js/ext-compat.js).
  const RUNNING = Symbol.for('unmask.content');
  if (Object.hasOwn(globalThis, RUNNING)) return;
  Object.defineProperty(globalThis, RUNNING, { value: true });

  const api = globalThis.ext;
  const chars = globalThis.unmaskChars;
  const chips = globalThis.unmaskChips;
  const settingsApi = globalThis.unmaskSettings;

  // ---- limits and constants -------------------------------------------------------------
  /** Most DOM nodes walked in one idle slice. */
  const SLICE_ENTRIES = 2000;
  /** Nodes walked between two looks at the idle deadline. */
  const WALK_STEP = 100;
  /** A batch sent to the core is cut at the next block boundary past this many UTF-16 units. */
  const BATCH_UNITS = 64 * 1024;
  /**
   * Hard limits of one batch, well inside the background's (4 Mi units, 200,000 entries): a
   * batch is cut inside a block, or a text split, rather than be refused.
   */
  const MAX_BATCH_UNITS = 1024 * 1024;
  const MAX_BATCH_ENTRIES = 50000;
  const MAX_FINDINGS_PER_BATCH = 1000;
  const SEV_RANK = { low: 0, medium: 1, high: 2 };
  /** The person's settings (options page); `minSeverity` is the lowest severity highlighted. */
  let prefs = settingsApi.normalize({});
  const ATTRS = ['alt', 'title', 'aria-label', 'placeholder'];
  // The head is read for its <title> (script and style in it are skipped); <option> text too.
  const SKIP = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'frame',
    'object', 'embed', 'canvas', 'video', 'audio', 'math']);
  /**
   * The standard elements that may host a shadow root (the DOM's attachShadow allows no
   * others). A closed one is looked for on custom elements, and on these: at once when they have
   * no child node (content they show is then all in a shadow root), after the scan when they
   * have some (hostsToAsk): chrome.dom.openOrClosedShadowRoot costs about 2 µs a call, and
   * asking every element in the walk added 45 ms to the first scan of a page of 50,000 text
   * nodes (83 to 131 ms).
   */
  const SHADOW_HOSTS = new Set(['article', 'aside', 'blockquote', 'body', 'div', 'footer', 'h1',
    'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'main', 'nav', 'p', 'section', 'span']);
  const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn',
    'em', 'font', 'i', 'ins', 'kbd', 'label', 'mark', 'q', 'rp', 'rt', 'ruby', 's', 'samp',
    'small', 'span', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr', 'img', 'big',
    'nobr', 'output', 'slot', 'tspan', 'textpath']);
  const TEXT_INPUTS = new Set(['', 'text', 'search', 'url', 'email', 'tel']);
  /** An element with an attribute unmask reads (a selector). */
  const READ_ATTRS = ATTRS.map((a) => `[${a}]`).join();
  /**
   * What keeps a block from being read whole (wholeBlock): an element other than the inline
   * ones (a span can host a shadow root, a slot shows other nodes), or an attribute unmask reads.
   */
  const NOT_WHOLE = `:not(${[...INLINE].filter((t) => t !== 'span' && t !== 'slot').join()}),${
    READ_ATTRS}`;
  /** NOT_WHOLE, or an element inside another one: a block it does not match is flat. */
  const NOT_FLAT = `${NOT_WHOLE},:scope>*>*`;
  /** Most elements in a block read whole: bounds the work of one step of the walk. */
  const WHOLE_ELEMENTS = 64;
  const HIDDEN_ONLY = /^[\p{Default_Ignorable_Code_Point}\p{Cf}]+$/u;
  // The core's explanations follow the browser's language, as the UI strings do: each locale
  // names the core language it goes with, so cards never mix two languages.
  const lang = api.i18n.getMessage('coreLang') === 'zh-CN'
    || (!api.i18n.getMessage('coreLang') && /^zh/i.test(api.i18n.getUILanguage())) ? 'zh-CN' : 'en';
  const msg = (key, subs) => api.i18n.getMessage(key, subs) || key;

  // ---- state of this frame (a content script lives as long as its document) ----------------
  /** This frame's highlight names, their styles asked for (js/early-styles.js). */
  const early = globalThis[Symbol.for('unmask.early')];
  const { names, randomName } = early;
  /** Findings by id. */
  const findings = new Map();
  let nextId = 1;
  /** Roots (Element, ShadowRoot, Document) waiting to be rescanned whole. */
  const pending = new Set();
  /** Form fields whose value changed. */
  const pendingFields = new Set();
  let idleHandle = 0; // the next slice's idle callback, or -1 for a slice that follows (schedule)
  let job = null; // {units, i, walk, batch, rescan}: the walk under way (begin)
  const inFlight = new Set();
  let started = false;
  let quiet = false; // highlighting off for this site
  let host = null; // the one element unmask adds to a page
  let shadow = null;
  let card = null; // {el, finding, pinned, marker}
  const registered = new Set(); // highlight names in CSS.highlights
  const hl = {}; // severity/active -> Highlight
  const observed = new WeakSet(); // roots under our MutationObserver
  const stats = { slices: 0, maxSliceEntries: 0, maxSliceMs: 0, batches: 0, scans: 0, errors: [],
    // What rescans cost: jobs and rounds started, UTF-16 units sent to the core (all, and for
    // rescans), main-thread ms in slices and in the MutationObserver.
    jobs: 0, rounds: 0, sentUnits: 0, rescanUnits: 0, busyMs: 0,
    // Closed roots asked for after the walk (askHosts): elements asked, main-thread ms.
    hostAsks: 0, hostAskMs: 0 };

  const isElement = (n) => n.nodeType === 1;

  /**
   * The shadow root of an element, open or closed: a content script may read closed ones
   * (Chrome: `chrome.dom.openOrClosedShadowRoot`; Firefox: `openOrClosedShadowRoot`), and a
   * page may hide text in one. Closed ones on custom elements and on childless SHADOW_HOSTS;
   * SHADOW_HOSTS with children are queued to be asked after the scan (askHosts), unless one
   * was found to have a root already.
   */
  const closedRoot = typeof api.dom?.openOrClosedShadowRoot === 'function'
    ? (el) => api.dom.openOrClosedShadowRoot(el) : (el) => el.openOrClosedShadowRoot ?? null;
  function shadowOf(el, tag) {
    if (el.shadowRoot) return el.shadowRoot;
    if (!tag.includes('-')) {
      if (!SHADOW_HOSTS.has(tag)) return null;
      if (el.firstChild) return hostRoots.get(el) ?? askLater(el);
    }
    const root = closedRoot(el);
    if (!root) watchRootless(el);
    return root;
  }

  // ---- collecting text ----------------------------------------------------------------
  const SEP = { t: 'sep' };

  /** Text-like value of a form field, or null for fields unmask does not read. */
  function fieldValue(el, tag = el.localName) {
    if (tag === 'textarea') return el.value;
    if (tag === 'input' && TEXT_INPUTS.has((el.getAttribute('type') || '').toLowerCase())) {
      return el.value;
    }
    return null;
  }

  /**
   * A walk of a subtree in document order that stops after any node and goes on later (walkOn).
   * Iterative, with its own stack of frames {first, cur, after, shadow} for the elements and
   * roots being walked: a page can nest elements and shadow roots as deep as it likes.
   */
  const newWalk = (root) => ({ node: root, stack: [], over: false });

  /** A walk of the siblings first..last and what they hold (a rescan's unit: unitAround). */
  const newRangeWalk = (first, last) => ({
    node: null, stack: [{ first, cur: undefined, after: false, shadow: null, last }], over: false,
  });

  /**
   * Walks on through at most `max` nodes, handing `take` text entries, block separators (SEP),
   * attribute entries and field entries. Returns how many nodes it walked; sets `w.over` when
   * the subtree is done.
   */
  function walkOn(w, max, take) {
    const { stack } = w;
    let { node } = w;
    let walked = 0;
    while (walked < max) {
      if (node) {
        walked += visit(node, stack, take);
        node = null;
      }
      const top = stack[stack.length - 1];
      if (!top) {
        w.over = true;
        break;
      }
      if (top.shadow) {
        node = top.shadow;
        top.shadow = null;
        continue;
      }
      // The next sibling is read once the previous child is done, as a recursive walk would.
      top.cur = top.cur === undefined ? top.first
        : top.cur === top.last ? null : top.cur.nextSibling;
      if (top.cur) {
        node = top.cur;
        continue;
      }
      stack.pop();
      if (top.after) take(SEP);
    }
    w.node = node;
    return walked;
  }

  /**
   * Hands `take` what one node holds itself and pushes the frame of its children on `stack`, or
   * takes a block whole. Shadow roots, open or closed, are entered (and observed). Returns how
   * many nodes that covered.
   */
  function visit(node, stack, take) {
    const type = node.nodeType;
    if (type === 3) {
      if (node.data.length) take({ t: 'text', node });
    } else if (type === 9 || type === 11) {
      if (type === 11) observe(node);
      stack.push({ first: node.firstChild, cur: undefined, after: false, shadow: null });
    } else if (isElement(node) && node !== host) {
      const tag = node.localName;
      if (!SKIP.has(tag)) return visitElement(node, tag, stack, take);
    }
    return 1;
  }

  /** visit for an element that is walked (not skipped, not unmask's own); `tag` its localName. */
  function visitElement(el, tag, stack, take) {
    takeAttrs(el, take);
    const value = fieldValue(el, tag);
    if (value !== null) {
      if (value) takeApart(take, { t: 'field', el, value });
      return 1;
    }
    if (tag === 'input') return 1;
    const block = !INLINE.has(tag) && !tag.includes('-');
    if (block || tag === 'br') take(SEP);
    const shadowRoot = shadowOf(el, tag);
    const inside = block && !shadowRoot ? wholeBlock(el) : -1;
    if (inside >= 0) {
      const text = el.textContent;
      if (text) take({ t: 'text', block: el, value: text });
      take(SEP);
      return 1 + inside;
    }
    stack.push({ first: el.firstChild, cur: undefined, after: block, shadow: shadowRoot });
    return 1;
  }

  /**
   * The number of elements in a block that can be read whole, its text nodes joined by
   * textContent, as the walk would join them: one read instead of a DOM wrapper for every node
   * (most of a walk's cost). -1 when it must be walked node by node. Most blocks that can are
   * flat (a paragraph with links and emphasis): one query tells, and their elements are their
   * children; only nested ones are counted in a live collection.
   */
  function wholeBlock(el) {
    const children = el.childElementCount;
    if (children > WHOLE_ELEMENTS) return -1;
    if (!el.querySelector(NOT_FLAT)) return children;
    if (el.querySelector(NOT_WHOLE)) return -1;
    const inside = el.getElementsByTagName('*');
    return inside.item(WHOLE_ELEMENTS) ? -1 : inside.length;
  }

  /** Hands `take` the attributes unit reads of an element, each a block of its own. */
  function takeAttrs(el, take) {
    for (const name of el.hasAttributes() && el.matches(READ_ATTRS) ? ATTRS : []) {
      const v = el.getAttribute(name);
      if (v) takeApart(take, { t: 'attr', el, name, value: v });
    }
  }

  /** An attribute or a field value is a block of its own. */
  function takeApart(take, e) {
    take(SEP);
    take(e);
    take(SEP);
  }

  /** The block a changed node belongs to: what is rescanned whole. */
  function blockOf(node) {
    for (let n = node; n; n = n.parentNode) {
      if (n.nodeType === 9 || n.nodeType === 11) return n;
      if (isElement(n) && !INLINE.has(n.localName) && !n.localName.includes('-')) return n;
    }
    return document;
  }

  /** `a` contains `b`, looking through shadow roots. */
  function deepContains(a, b) {
    for (let n = b; n; n = n.parentNode ?? n.host) {
      if (n === a) return true;
    }
    return false;
  }

  // ---- scheduling ----------------------------------------------------------------------
  /**
   * Least idle time left (ms) for a slice to follow in the same idle period. Chromium runs an
   * idle callback asked for inside another in the next idle period only (50 ms later when the
   * page is idle): a scan of 25 slices would take 1.3 s, and show its findings in two rounds of
   * rendering, each costing the page a new frame.
   */
  const FOLLOW_MS = 4;
  const follow = new MessageChannel();
  let followDeadline = null;
  follow.port1.onmessage = () => {
    const deadline = followDeadline;
    followDeadline = null;
    runSlice(deadline);
  };

  /**
   * Asks for the next slice: in a new task while the idle period of `deadline` lasts (the page's
   * tasks, input and frames still run in between), else in the next idle period.
   */
  function schedule(deadline) {
    if (idleHandle) return;
    if (deadline && !deadline.didTimeout && deadline.timeRemaining() > FOLLOW_MS) {
      idleHandle = -1;
      followDeadline = deadline;
      follow.port2.postMessage(null);
      return;
    }
    idleHandle = requestIdleCallback(runSlice, { timeout: 500 });
  }

  /**
   * Rescans started while batches were in flight: a batch's answer must not bring back findings
   * a rescan started since the batch was made covers (the newer scan owns them).
   */
  let epoch = 0;
  const rescans = []; // {covers(rec), epoch}

  /**
   * Starts a job: forgets the findings it covers (`covers(rec)`), then walks its units, each
   * `{root}` (a subtree), `{first, last}` (siblings) or `{attrs: el}`, into shared batches.
   */
  function begin(covers, units, rescan) {
    epoch++;
    stats.jobs++;
    if (inFlight.size) rescans.push({ covers, epoch });
    forgetCovered(covers);
    job = { units, i: 0, walk: null, batch: null, rescan };
    job.batch = newBatch();
    if (!nextUnit()) endJob();
  }

  /** A job over one subtree, read whole: the first scan of the document, a field, a block. */
  function startJob(root, rescan) {
    const covers = root === document ? () => true
      : (rec) => rec.anchors.some((a) => !a.isConnected || deepContains(root, a));
    begin(covers, [{ root }], rescan);
  }

  /** Moves the job on to its next unit to walk; false when none is left. */
  function nextUnit() {
    while (job.i < job.units.length) {
      const u = job.units[job.i++];
      takeEntry(SEP); // units are apart: their texts never join
      if (u.attrs) {
        if (u.attrs.isConnected && !SKIP.has(u.attrs.localName)) takeAttrs(u.attrs, takeEntry);
        continue;
      }
      job.walk = u.root ? newWalk(u.root) : newRangeWalk(u.first, u.last);
      return true;
    }
    return false;
  }

  function endJob() {
    sendBatch(job.batch);
    job = null;
  }

  const supersededAt = (rec, since) => rescans.some((r) => r.epoch > since && r.covers(rec));

  function newBatch(rescan = job.rescan) {
    return { texts: [], entries: [], units: 0, epoch, rescan };
  }

  // ---- rescanning what a page changes -----------------------------------------------------
  // A change is rescanned where it happened, not with its whole block: the changed or added
  // nodes with their inline neighbours (text joins across inline elements: "hid<b>den</b>"),
  // an element's attributes alone when only they changed. One block (a chat log, a body of 2 MB
  // of inline text) can hold any amount of text, and a page can change it ten times a second.
  // Changes are gathered by block, and the blocks that are due are rescanned together in one
  // round; a block that keeps changing waits longer each time (backoff); rescans share a budget
  // of text per second (the background holds one per tab). Work waits, it is never dropped: what
  // changes meanwhile joins the block's next round.

  /** Backoff of a block that keeps changing: first and longest wait, and the quiet that resets it. */
  const MIN_GAP_MS = 100;
  const MAX_GAP_MS = 2000;
  const QUIET_MS = 1000;
  /** Rescanned UTF-16 units a second, and at most this many at once (RESCAN_BURST). */
  const RESCAN_UNITS = 256 * 1024;
  const RESCAN_BURST = 1024 * 1024;
  /** Most rescan batches waiting for the core before a new round starts. */
  const MAX_RESCANS_IN_FLIGHT = 4;
  /** Most changed nodes remembered for one block; past it, the block is rescanned whole. */
  const MAX_DIRTY = 2000;
  /** Most children of an inline parent rescanned whole for a change at its edge. */
  const EDGE_CHILDREN = 16;
  /** Most blocks whose changes one round rescans together (in shared batches). */
  const ROUND_BLOCKS = 64;

  /** Blocks with changes waiting: block → {nodes, attrs, whole, due} (markDirty). */
  const dirty = new Map();
  /** Per block: {gap, last} of its rounds (a WeakMap: a block that goes is forgotten). */
  const backoff = new WeakMap();
  const budget = { left: RESCAN_BURST, at: 0 };
  let rescansInFlight = 0;
  let stalled = false; // a round waits for rescan answers (sendBatch schedules on the next)
  let wakeTimer = 0;
  let wakeTime = Infinity;

  // ---- shadow roots attached after the walk ----------------------------------------------
  /**
   * Elements the walk asked for a shadow root and found none (shadowOf): a custom element the
   * page defines later, whose constructor attaches a closed root, or an element given a root by
   * `attachShadow` later. Neither is a DOM mutation, and nothing else tells a content script
   * (`customElements` is null in Chrome's), so they are asked again: LATE_ROOT_SLICE at a time
   * (about 5 ms), a pass after LATE_ROOT_MIN_MS, the gap doubling to LATE_ROOT_MAX_MS and
   * staying there (5,000 such elements: 11 ms every 8 s). A root found is rescanned whole, and
   * observed from then on.
   */
  const rootless = new Set();
  const LATE_ROOT_SLICE = 2000;
  const LATE_ROOT_MIN_MS = 500;
  const LATE_ROOT_MAX_MS = 8000;
  let lateGap = LATE_ROOT_MIN_MS;
  let lateTimer = 0;
  let latePass = null; // the iterator of the pass under way

  function watchRootless(el) {
    rootless.add(el);
    if (!lateTimer) lateTimer = setTimeout(lookForLateRoots, lateGap);
  }

  function lookForLateRoots() {
    lateTimer = 0;
    latePass ??= rootless.values();
    for (let i = 0; i < LATE_ROOT_SLICE; i++) {
      const next = latePass.next();
      if (next.done) {
        latePass = null;
        lateGap = Math.min(lateGap * 2, LATE_ROOT_MAX_MS);
        break;
      }
      const el = next.value;
      const root = el.isConnected ? closedRoot(el) : null;
      if (root || !el.isConnected) rootless.delete(el); // one put back is walked again
      if (root) rootFound(root);
    }
    if (dirty.size && started) schedule();
    if (rootless.size) lateTimer = setTimeout(lookForLateRoots, latePass ? 0 : lateGap);
  }

  /** A shadow root found after the walk passed its host: rescanned whole, and so observed. */
  function rootFound(root) {
    markDirty(root, null, false);
    dirty.get(root).whole = true;
  }

  // ---- closed roots on standard elements with children ------------------------------------
  /**
   * A div, p, span or other SHADOW_HOSTS element with children of its own can hold a closed
   * root too (`<template shadowrootmode="closed">` in it, or attachShadow on it): the walk
   * queues them rather than ask (2 µs each), and they are asked once the walk has nothing left
   * to do and the core has answered its batches: in idle time, HOST_ASK_MS at most in one task
   * (12,500 such elements on the bench page: about 27 ms in all). A root found is rescanned
   * whole (rootFound), and entered by the walks that pass its host later (hostRoots). Elements
   * a rescan walks are queued again; one found rootless is not asked again until then.
   */
  const hostsToAsk = new Set();
  const hostRoots = new WeakMap();
  const HOST_ASK_MS = 3;
  let askHandle = 0; // the idle callback of the next pass, or -1 for one that follows
  let askDeadline = null;
  const askFollow = new MessageChannel();
  askFollow.port1.onmessage = () => askHosts(askDeadline);

  function askLater(el) {
    hostsToAsk.add(el);
    return null;
  }

  /**
   * Asks for a pass over the queued hosts once the walk is over and the core has answered its
   * batches: never in the way of the scan or of showing what it found.
   */
  function askHostsWhenIdle() {
    if (hostsToAsk.size && !askHandle && !scanning()) {
      askHandle = requestIdleCallback(askHosts);
    }
  }

  function askHosts(deadline) {
    askHandle = 0;
    const t0 = performance.now();
    let asked = 0;
    for (const el of hostsToAsk) {
      if (asked && asked % 64 === 0
        && (performance.now() - t0 > HOST_ASK_MS || deadline.timeRemaining() < 1)) break;
      asked++;
      hostsToAsk.delete(el);
      const root = el.isConnected ? closedRoot(el) : null;
      if (root) {
        hostRoots.set(el, root);
        rootFound(root);
      }
    }
    stats.hostAsks += asked;
    stats.hostAskMs += performance.now() - t0;
    if (dirty.size && started) schedule();
    if (!hostsToAsk.size) return;
    if (!deadline.didTimeout && deadline.timeRemaining() > FOLLOW_MS) {
      askHandle = -1;
      askDeadline = deadline;
      askFollow.port2.postMessage(null);
    } else {
      askHostsWhenIdle();
    }
  }

  /** Notes a changed node (or, `isAttr`, an element whose attributes changed) of a block. */
  function markDirty(block, node, isAttr) {
    let d = dirty.get(block);
    if (!d) {
      const b = backoff.get(block);
      d = { nodes: new Set(), attrs: new Set(), whole: false, due: b ? b.last + b.gap : 0 };
      dirty.set(block, d);
    }
    if (d.whole || !node) return;
    (isAttr ? d.attrs : d.nodes).add(node);
    if (d.nodes.size + d.attrs.size > MAX_DIRTY) {
      d.whole = true;
      d.nodes.clear();
      d.attrs.clear();
    }
  }

  /** Runs a slice at `time` (performance.now()), unless one is asked for sooner. */
  function wakeAt(time) {
    if (wakeTimer && wakeTime <= time) return;
    clearTimeout(wakeTimer);
    wakeTime = time;
    wakeTimer = setTimeout(() => {
      wakeTimer = 0;
      wakeTime = Infinity;
      schedule();
    }, Math.max(0, time - performance.now()));
  }

  /** True when a rescan may start now: the budget has some left, few rescans are in flight. */
  function mayRescan() {
    if (rescansInFlight >= MAX_RESCANS_IN_FLIGHT) {
      stalled = true;
      return false;
    }
    const now = performance.now();
    budget.left = Math.min(RESCAN_BURST, budget.left + ((now - budget.at) * RESCAN_UNITS) / 1000);
    budget.at = now;
    if (budget.left > 0) return true;
    wakeAt(now + (-budget.left * 1000) / RESCAN_UNITS + 1);
    return false;
  }

  /**
   * The blocks whose round is due, as [[block, d]]: at most ROUND_BLOCKS, those no round has
   * rescanned yet first (new text, such as a paragraph a page adds among others it keeps
   * editing), then the longest waiting. Else null (a timer wakes the scan when one is due).
   */
  function takeDue() {
    if (!dirty.size || !mayRescan()) return null;
    const now = performance.now();
    const due = [];
    let next = Infinity;
    for (const fresh of [true, false]) {
      for (const [block, d] of dirty) {
        if (d.due > now) next = Math.min(next, d.due);
        else if (backoff.has(block) !== fresh && due.push([block, d]) >= ROUND_BLOCKS) break;
      }
      if (due.length >= ROUND_BLOCKS) break;
    }
    if (!due.length) {
      wakeAt(next);
      return null;
    }
    for (const [block] of due) dirty.delete(block);
    return due;
  }

  /** Whether text flows across a node's edges: text, comments and inline elements, not blocks. */
  const joins = (n) => !isElement(n) || INLINE.has(n.localName) || n.localName.includes('-');

  /** True when `node` or one of its ancestors (through shadow roots) before `stop` is in `set`. */
  function hasAncestorIn(node, set, stop = null) {
    for (let n = node; n && n !== stop; n = n.parentNode ?? n.host) if (set.has(n)) return true;
    return false;
  }

  function fewChildren(el) {
    let k = 0;
    for (let c = el.firstChild; c; c = c.nextSibling) if (++k > EDGE_CHILDREN) return false;
    return true;
  }

  /**
   * What is rescanned for a changed node: the node with the siblings its text joins (inline
   * ones, on either side), and when that reaches the edge of a small inline parent, that parent
   * with its own. `{first, last, members}`, members being all the siblings first..last.
   */
  function unitAround(node, block) {
    for (let n = node; ;) {
      const parent = n.parentNode;
      if (!parent) return null;
      let first = n;
      let last = n;
      if (joins(n)) {
        if (n.previousSibling && joins(n.previousSibling)) first = n.previousSibling;
        if (n.nextSibling && joins(n.nextSibling)) last = n.nextSibling;
      }
      if (parent === block || !isElement(parent) || !joins(parent)
        || (first.previousSibling && last.nextSibling) || !fewChildren(parent)) {
        return { first, last, members: new Set([first, n, last]) };
      }
      n = parent;
    }
  }

  /** Merges unit `b` into `a`, two runs of siblings that overlap. */
  function mergeUnits(a, b) {
    if (!a.members.has(b.first)) a.first = b.first;
    if (!a.members.has(b.last)) a.last = b.last;
    for (const m of b.members) a.members.add(m);
    b.dead = true;
    return a;
  }

  /** A block rescanned whole: too many changes, or one that visit() reads in its own way. */
  const rescannedWhole = (block, d) => d.whole
    || (isElement(block) && (SKIP.has(block.localName) || fieldValue(block) !== null));

  /** The parent a unit's nodes hang from (through a shadow root's host). */
  const unitParent = (u) => (u.root ? u.root.parentNode ?? u.root.host : u.first.parentNode);

  /**
   * The units of a round, none inside or overlapping another (one batch must not hold a text
   * twice): blocks rescanned whole, runs of siblings around the changed nodes (merged where they
   * overlap), and the elements whose attributes alone changed.
   */
  function roundUnits(due) {
    const unitOf = new Map(); // member → its unit
    const runs = [];
    for (const [block, d] of due) {
      if (rescannedWhole(block, d)) {
        if (block === document || block.isConnected) {
          runs.push({ root: block, members: new Set([block]) });
        }
        continue;
      }
      for (const node of d.nodes) {
        if (!node.isConnected || hasAncestorIn(node.parentNode, d.nodes, block)) continue;
        const u = unitAround(node, block);
        if (!u) continue;
        let into = u;
        for (const m of [...u.members]) {
          const v = unitOf.get(m);
          if (v && v !== into) into = mergeUnits(v, into);
        }
        if (into === u) runs.push(u);
        for (const m of into.members) unitOf.set(m, into);
      }
    }
    const live = runs.filter((u) => !u.dead);
    const members = new Set(live.flatMap((u) => [...u.members]));
    const units = live.filter((u) => !hasAncestorIn(unitParent(u), members));
    for (const [, d] of due) {
      for (const el of d.attrs) {
        if (el.isConnected && !hasAncestorIn(el, members)) units.push({ attrs: el });
      }
    }
    return units;
  }

  /** Starts the round of the blocks whose changes are due: their units, in one job. */
  function startRound(due) {
    const now = performance.now();
    for (const [block] of due) {
      const b = backoff.get(block) ?? { gap: 0, last: -Infinity };
      b.gap = now - b.last < b.gap + QUIET_MS
        ? Math.min(MAX_GAP_MS, Math.max(MIN_GAP_MS, b.gap * 2)) : 0;
      b.last = now;
      backoff.set(block, b);
    }
    stats.rounds++;
    const units = roundUnits(due);
    const members = new Set();
    const attrEls = new Set();
    for (const u of units) {
      if (u.attrs) attrEls.add(u.attrs);
      else for (const m of u.members) members.add(m);
    }
    const covers = (rec) => (rec.where === 'attr' && attrEls.has(rec.el))
      || rec.anchors.some((a) => !a.isConnected || hasAncestorIn(a, members));
    begin(covers, units, true);
  }

  /** Starts the next job there is work for now; false when there is none (yet). */
  function takeWork() {
    if (pendingFields.size && mayRescan()) {
      const el = pendingFields.values().next().value;
      pendingFields.delete(el);
      if (el.isConnected) startJob(el, true);
      return true;
    }
    const root = pending.values().next().value;
    if (root) {
      pending.delete(root);
      startJob(root, false);
      return true;
    }
    const due = takeDue();
    if (!due) return false;
    startRound(due);
    return true;
  }

  /**
   * Adds one entry to the job's batch. A block is normally sent whole (cut at the next block
   * boundary past BATCH_UNITS), but a single block can be any size (one `<pre>` of megabytes,
   * hundreds of thousands of inline nodes): past MAX_BATCH_UNITS or MAX_BATCH_ENTRIES the batch
   * is cut between two entries, so every message stays within what the background accepts.
   */
  function addEntry(text, e) {
    let b = job.batch;
    if (b.entries.length && (b.units + text.length > MAX_BATCH_UNITS
      || b.entries.length >= MAX_BATCH_ENTRIES)) {
      sendBatch(b);
      b = newBatch();
      job.batch = b;
    }
    b.texts.push(text);
    b.entries.push(e);
    b.units += text.length;
  }

  /**
   * Puts one entry of the walk into the job's batch: a separator between blocks (where the
   * batch may be sent), or a text, attribute or field entry.
   */
  function takeEntry(e) {
    const b = job.batch;
    if (e === SEP) {
      if (b.texts.length && b.entries[b.entries.length - 1] !== null) {
        b.texts.push('\n');
        b.entries.push(null);
      }
      if (b.units >= BATCH_UNITS) {
        sendBatch(b);
        job.batch = newBatch();
      }
      return;
    }
    const text = e.node ? e.node.data : e.value;
    if (text.length <= MAX_BATCH_UNITS) {
      addEntry(text, e);
      return;
    }
    // One enormous text node or value: sent in pieces that each fit in a message (a hidden
    // run across a cut is then reported as two findings). A piece of text knows its offset.
    for (let at = 0; at < text.length;) {
      let end = Math.min(text.length, at + MAX_BATCH_UNITS);
      if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1])) end--;
      addEntry(text.slice(at, end),
        e.t === 'text' ? { ...e, base: at, len: end - at } : e);
      at = end;
    }
  }

  /** One idle slice: walks at most SLICE_ENTRIES nodes, sending full batches to the core. */
  function runSlice(deadline) {
    idleHandle = 0;
    stats.slices++;
    const t0 = performance.now();
    let done = 0;
    // One step of the walk may read a whole block: up to WHOLE_ELEMENTS more nodes.
    const most = SLICE_ENTRIES - WHOLE_ELEMENTS;
    let idle = false; // nothing more to do now (the rest waits for a timer or an answer)
    while (done < most && (deadline.didTimeout || deadline.timeRemaining() > 1)) {
      if (!job) {
        if (!takeWork()) {
          idle = true;
          break;
        }
        done++; // a job may have no walk (attributes only): it still counts
        continue;
      }
      done += walkOn(job.walk, Math.min(WALK_STEP, most - done), takeEntry);
      if (job.walk.over && !nextUnit()) endJob();
    }
    stats.maxSliceEntries = Math.max(stats.maxSliceEntries, done);
    const ms = performance.now() - t0;
    stats.maxSliceMs = Math.max(stats.maxSliceMs, Math.round(ms));
    stats.busyMs += ms;
    if (!idle) {
      schedule(deadline);
      return;
    }
    maybeFinished();
    askHostsWhenIdle();
  }

  /** Sends one batch to the background's core; the answer is applied when it comes. */
  function sendBatch(b) {
    if (!b.entries.some((e) => e !== null)) return;
    stats.batches++;
    stats.sentUnits += b.units;
    if (b.rescan) {
      stats.rescanUnits += b.units;
      budget.left -= b.units;
      rescansInFlight++;
    }
    const p = api.runtime.sendMessage({
      what: 'scan', texts: b.texts, lang, max_findings: MAX_FINDINGS_PER_BATCH, rescan: b.rescan,
    }).then((res) => {
      if (!res?.ok) throw new Error(res?.error ?? 'no answer');
      stats.scans++;
      applyReport(res.result, b.entries, b.epoch);
    }).catch((err) => {
      stats.errors.push(String(err?.message ?? err));
    }).finally(() => {
      inFlight.delete(p);
      if (!inFlight.size) rescans.length = 0;
      if (b.rescan) rescansInFlight--;
      if (stalled) {
        stalled = false;
        schedule();
      }
      maybeFinished();
      askHostsWhenIdle();
    });
    inFlight.add(p);
  }

  /**
   * True while a scan is walking the page or waiting for the core. Changes waiting for their
   * round (backoff, budget) are not a scan under way: the badge and the markers follow what was
   * found so far (`waitingWork` says whether there is any).
   */
  const scanning = () => Boolean(job || pending.size || inFlight.size || idleHandle);
  const waitingWork = () => dirty.size > 0 || pendingFields.size > 0;

  function maybeFinished() {
    if (scanning()) return;
    showWaiting();
    if (placeAfterScan) placeAll();
    report();
  }

  // ---- mapping a report onto the page ---------------------------------------------------
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

  /**
   * [start, end) of the grapheme cluster holding UTF-16 offset `i` of `s`. Segments a window
   * around `i`, not the whole text: segmenting copies its text, and a text node can hold
   * megabytes (a cluster longer than the window is cut at the window's edge).
   */
  const GRAPHEME_WINDOW = 256;
  function graphemeAt(s, i) {
    const at = Math.min(Math.max(i, 0), s.length - 1);
    const from = Math.max(0, at - GRAPHEME_WINDOW);
    const win = s.length <= 4 * GRAPHEME_WINDOW ? s : s.slice(from, at + GRAPHEME_WINDOW);
    const base = win === s ? 0 : from;
    const seg = segmenter.segment(win).containing(at - base);
    return seg ? [base + seg.index, base + seg.index + seg.segment.length] : [i, i + 1];
  }

  /** Index of the nearest text entry at or after (dir 1) / before (dir -1) index i. */
  function textEntry(entries, i, dir) {
    for (let k = i; k >= 0 && k < entries.length; k += dir) {
      if (entries[k]?.t === 'text') return k;
      if (entries[k] && entries[k].t !== 'text') return -1;
    }
    return -1;
  }

  /** The offset just past a text entry's text (of its piece, for a piece of a split text). */
  const entryEnd = (e) => (e.len == null ? (e.node?.data ?? e.value).length : e.base + e.len);

  /**
   * The points a finding in text starts and ends at, [[node, offset], [node, offset]] in text
   * nodes (see textPoint for `blocks`), or null when the text moved.
   */
  function findingPoints(entries, f, blocks) {
    let si = f.start_node;
    let so = f.start_offset;
    let ei = f.end_node;
    let eo = f.end_offset;
    if (entries[si] === null) { si = textEntry(entries, si, 1); so = 0; }
    if (si >= 0) so += entries[si].base ?? 0; // a piece of a split text
    if (entries[ei] === null || (eo === 0 && ei > si)) {
      ei = textEntry(entries, ei - 1, -1);
      eo = ei < 0 ? 0 : entryEnd(entries[ei]);
    } else {
      eo += entries[ei].base ?? 0;
    }
    if (si < 0 || ei < 0 || ei < si) return null;
    const start = textPoint(entries[si], so, false, blocks);
    const end = textPoint(entries[ei], eo, true, blocks);
    return start && end ? [start, end] : null;
  }

  /**
   * A Range over whole grapheme clusters for a finding in text nodes, widened by one
   * neighbouring grapheme when it holds only invisible characters. Null when the text moved.
   */
  function rangeFor(entries, f, blocks) {
    const points = findingPoints(entries, f, blocks);
    if (!points) return null;
    const [[sn, startAt], [en, endAt]] = points;
    if (!sn.isConnected || !en.isConnected) return null;
    if (startAt > sn.data.length || endAt > en.data.length) return null;
    const so = graphemeAt(sn.data, startAt)[0];
    const eo = endAt > 0 ? graphemeAt(en.data, endAt - 1)[1] : 0;
    const range = new Range();
    range.setStart(sn, so);
    range.setEnd(en, eo);
    let invisible = HIDDEN_ONLY.test(range.toString());
    if (invisible) {
      if (so > 0) range.setStart(sn, graphemeAt(sn.data, so - 1)[0]);
      else if (eo < en.data.length) range.setEnd(en, graphemeAt(en.data, eo)[1]);
    }
    invisible = invisible || range.collapsed;
    return { range, invisible, nodes: [sn, en] };
  }

  /**
   * The text node and offset at offset `at` of a text entry: a text node, or a block read whole
   * (its text nodes joined; `blocks` keeps each block's map for one report). At a boundary
   * between two nodes, the end of the first when `isEnd`. Null when the text is shorter now.
   */
  function textPoint(e, at, isEnd, blocks) {
    if (e.node) return [e.node, at];
    if (!blocks.has(e.block)) blocks.set(e.block, textNodesOf(e.block));
    return pointIn(blocks.get(e.block), at, isEnd);
  }

  /** The text nodes under `root` in document order (as textContent joins them), with their starts. */
  function textNodesOf(root) {
    const nodes = [];
    const starts = [];
    let length = 0;
    const walker = document.createTreeWalker(root,
      NodeFilter.SHOW_TEXT | NodeFilter.SHOW_CDATA_SECTION);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.data.length) continue;
      nodes.push(n);
      starts.push(length);
      length += n.data.length;
    }
    return { nodes, starts, length };
  }

  /** [node, offset] at offset `at` of textNodesOf's text (see textPoint), or null. */
  function pointIn({ nodes, starts, length }, at, isEnd) {
    if (at > length || !nodes.length) return null;
    let lo = 0;
    let hi = nodes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] < at || (starts[mid] === at && !isEnd)) lo = mid;
      else hi = mid - 1;
    }
    return [nodes[lo], at - starts[lo]];
  }

  /** Position of (node index, offset) for ordering findings and payloads. */
  const pos = (node, offset) => node * 1e9 + offset;

  function applyReport(report, entries, batchEpoch) {
    if (!report || !Array.isArray(report.findings)) return;
    const batchFindings = [];
    const blocks = new Map();
    for (const f of report.findings) {
      const e = entries[f.start_node];
      const rec = {
        id: nextId++,
        severity: SEV_RANK[f.severity] === undefined ? 'low' : f.severity,
        kind: String(f.kind ?? ''),
        rule: String(f.rule ?? ''),
        chars: Array.isArray(f.chars) ? f.chars.map(String) : [],
        count: Number(f.count) || 0,
        explanation: String(f.explanation ?? ''),
        payloads: [],
        span: [pos(f.start_node, f.start_offset), pos(f.end_node, f.end_offset)],
        where: 'text',
        range: null,
        el: null,
        attr: null,
        invisible: false,
        anchors: [],
        marker: null,
        shown: false,
      };
      if (e && e.t !== 'text') {
        rec.where = e.t;
        rec.el = e.el;
        rec.attr = e.t === 'attr' ? e.name : null;
        rec.anchors = [e.el];
      } else {
        const r = rangeFor(entries, f, blocks);
        if (!r) continue;
        rec.range = r.range;
        rec.invisible = r.invisible;
        rec.anchors = r.nodes;
      }
      if (rescans.length && supersededAt(rec, batchEpoch)) continue;
      findings.set(rec.id, rec);
      batchFindings.push(rec);
    }
    for (const p of report.payloads ?? []) {
      const span = [pos(p.start_node, p.start_offset), pos(p.end_node, p.end_offset)];
      const payload = {
        scheme: String(p.scheme ?? ''),
        text: p.text == null ? null : String(p.text),
        confidence: Number(p.confidence) || 0,
        explanation: String(p.explanation ?? ''),
        label: p.label == null ? null : String(p.label),
        sensitive: p.sensitive === true,
        encrypted: p.encrypted === true,
        truncated: p.truncated === true,
      };
      let owners = batchFindings.filter((r) => r.span[0] < span[1] && span[0] < r.span[1]);
      if (!owners.length && batchFindings.length) {
        const dist = (r) => Math.min(Math.abs(r.span[0] - span[0]), Math.abs(r.span[1] - span[1]));
        owners = [batchFindings.reduce((a, b) => (dist(b) < dist(a) ? b : a))];
      }
      for (const r of owners) r.payloads.push(payload);
    }
    for (const rec of batchFindings) showSoon(rec);
  }

  /** Forgets (and unpaints) the findings a rescan about to start covers (begin). */
  function forgetCovered(covers) {
    for (const rec of [...findings.values()]) {
      if (covers(rec)) {
        unshow(rec);
        findings.delete(rec.id);
      }
    }
  }

  // ---- display --------------------------------------------------------------------------
  /** A finding the settings want highlighted and counted (whether or not the site is quiet). */
  const wanted = (rec) => SEV_RANK[rec.severity] >= SEV_RANK[prefs.minSeverity]
    && !prefs.kindsOff[rec.kind];
  const shouldShow = (rec) => !quiet && wanted(rec);

  /** The settings changed: paint what they now want, unpaint the rest, update the badge. */
  function reapply() {
    const recs = [...findings.values()];
    for (const rec of recs) if (!shouldShow(rec)) unshow(rec);
    showAll(recs);
    if (started) maybeFinished();
  }

  /**
   * Findings of a scan under way wait to be shown, at most SHOW_WAIT ms: every change to the
   * highlights or the markers costs the page a new rendering (on a long page, tens of ms), so
   * a scan's findings are painted together rather than batch by batch.
   */
  const SHOW_WAIT = 1000;
  const waiting = new Set();
  let showTimer = 0;

  function showSoon(rec) {
    waiting.add(rec);
    showTimer ||= setTimeout(showWaiting, SHOW_WAIT);
  }

  /** Rounds of showWaiting waiting for the highlight styles. */
  let showing = 0;

  /**
   * Shows the findings waiting, once the highlight styles are in: normally long before, as the
   * document started. Where they go in late (a tab open before unmask was installed, scanned
   * from the popup), they restyle the whole page; with nothing of ours painted yet, that frame
   * only restyles, and the highlights and markers follow in one more. Shown first, both frames
   * would lay out and repaint.
   */
  function showWaiting() {
    clearTimeout(showTimer);
    showTimer = 0;
    const recs = [...waiting].filter(shouldShow);
    waiting.clear();
    if (!recs.length) return;
    showing++;
    ensureStyles().then(() => {
      showing--;
      showAll(recs.filter((rec) => findings.has(rec.id)));
      if (started && !scanning()) report(); // with the count of findings without a box
    });
  }

  /**
   * Findings the settings want shown but that have no rendered box to draw on (text under
   * `display: none`, `visibility: hidden` or `opacity: 0`, an attribute of an empty element): a
   * page could plant one to make unmask register a highlight and add its element, and so tell
   * it is installed. They are counted and listed in the popup instead, and shown once their
   * element comes into view with a box (an IntersectionObserver: nothing the page sees).
   */
  const boxless = new Set();
  let boxWatch = null;

  /** The element a finding's box belongs to. */
  function anchorElement(rec) {
    if (!rec.range) return rec.el;
    const n = rec.range.startContainer;
    return n.parentElement ?? n.parentNode?.host ?? null;
  }

  const VISIBLE = { opacityProperty: true, visibilityProperty: true };

  /**
   * True when a rectangle of window `w`'s viewport reaches the part of its page a person can
   * scroll to, and has a height (text under `font-size: 0` or `transform: scale(0)` has a
   * box of height 0; text at `left: -9999px` lies where no scrolling reaches). The left
   * edge is checked only where the page grows to the right (not `direction: rtl`, not
   * `writing-mode: vertical-rl`), the top edge always.
   */
  function onPage(r, w) {
    if (!r || !(r.height > 0)) return false;
    const root = w.getComputedStyle(w.document.documentElement);
    const rightward = root.direction !== 'rtl' && !/-rl$/.test(root.writingMode);
    return r.bottom + w.scrollY > 0 && (!rightward || r.right + w.scrollX > 0);
  }

  /**
   * False when this frame is shown by no frame element a person can see: a frame of the same
   * origin as its parent (srcdoc, about:blank ones too) that the parent hides with `opacity:
   * 0`, `visibility: hidden`, no size or a place off its page would otherwise let the parent
   * read the frame's highlights. A parent of another origin cannot read them (frameElement is
   * then null, and the walk stops).
   */
  function frameShown() {
    try {
      for (let w = window; w !== w.top; w = w.parent) {
        const fe = w.frameElement;
        if (!fe) return true;
        if (!fe.checkVisibility(VISIBLE)) return false;
        const r = fe.getBoundingClientRect();
        if (!(r.width > 0) || !onPage(r, w.parent)) return false;
      }
    } catch {
      return true; // a parent of another origin
    }
    return true;
  }

  /** True when a finding has a rendered box the person can see (reads layout). */
  function rendered(rec) {
    const el = anchorElement(rec);
    if (!el?.isConnected) return false;
    if (!el.checkVisibility(VISIBLE)) return false;
    return onPage(anchorRect(rec), window);
  }

  /** Shows the findings of `recs` that should be: every box read first, then all drawn. */
  function showAll(recs) {
    const todo = recs.filter((rec) => shouldShow(rec) && !rec.shown);
    const framed = todo.length > 0 && frameShown();
    const boxes = todo.map((rec) => framed && rendered(rec));
    todo.forEach((rec, i) => {
      if (boxes[i]) {
        display(rec);
      } else if (!boxless.has(rec)) {
        boxless.add(rec);
        const el = anchorElement(rec);
        if (!el) return;
        boxWatch ??= new IntersectionObserver((entries) => {
          if (!entries.some((e) => e.isIntersecting)) return;
          const seen = new Set(entries.filter((e) => e.isIntersecting).map((e) => e.target));
          showAll([...boxless].filter((r) => seen.has(anchorElement(r)) && findings.has(r.id)));
          if (started && !scanning()) report();
        });
        boxWatch.observe(el);
      }
    });
  }

  /** Draws a finding: its highlight and its marker (and the host element, the first time). */
  function display(rec) {
    boxless.delete(rec);
    rec.shown = true;
    ensureStyles();
    if (rec.range) highlight(rec.severity).add(rec.range);
    ensureHost();
    addMarker(rec);
    listenPointer();
  }

  /**
   * How often the page took away what unmask shows (removed the host element, deleted or
   * replaced a highlight, or emptied one). The first MAX_RESTORES times it is put back; the
   * popup says how often it happened either way.
   */
  const MAX_RESTORES = 3;
  let taken = 0;

  /**
   * Puts back the host element and the highlights if the page took them away. Called when the
   * page's DOM changes, before markers move, as the pointer moves and as the popup asks.
   */
  function keepShown() {
    if (taken > MAX_RESTORES) return;
    const want = {};
    let markers = false;
    for (const rec of findings.values()) {
      if (!rec.shown) continue;
      markers ||= Boolean(rec.marker);
      if (rec.range) want[rec.severity] = (want[rec.severity] ?? 0) + 1;
    }
    const lost = (host && !host.isConnected && (markers || card || notice))
      || [...registered].some((k) => CSS.highlights.get(names[k]) !== hl[k]
        || hl[k].size < (want[k] ?? 0));
    if (!lost) return;
    taken++;
    if (taken <= MAX_RESTORES) {
      if (host && !host.isConnected) document.documentElement.append(host);
      for (const k of registered) CSS.highlights.set(names[k], hl[k]);
      for (const rec of findings.values()) if (rec.shown && rec.range) hl[rec.severity].add(rec.range);
    }
    if (started) report();
  }

  function unshow(rec) {
    boxless.delete(rec);
    if (!rec.shown) return;
    rec.shown = false;
    if (rec.range) hl[rec.severity]?.delete(rec.range);
    if (card?.finding === rec) closeCard(false);
    rec.marker?.remove();
    rec.marker = null;
  }

  function highlight(key) {
    if (!hl[key]) {
      hl[key] = new Highlight();
      if (key === 'active') hl[key].priority = 10;
      else hl[key].priority = SEV_RANK[key];
    }
    if (!registered.has(key)) {
      CSS.highlights.set(names[key], hl[key]);
      registered.add(key);
    }
    return hl[key];
  }

  function unregisterAll() {
    for (const key of registered) CSS.highlights.delete(names[key]);
    registered.clear();
    for (const k of Object.keys(hl)) delete hl[k];
  }

  /** The highlight styles: asked for once, settled when they are in (or could not be). */
  let styles = null;

  /** The ::highlight() rules for this frame's names, asked for at document_start: once in. */
  function ensureStyles() {
    const inserted = (res) => {
      if (!res?.ok) throw new Error(res?.error);
      // "Only when I ask": nothing was inserted as the document started; now the person asked.
      if (res.result?.inserted === false) {
        return api.runtime.sendMessage({ what: 'styles', names: { ...names }, now: true })
          .then(inserted);
      }
      return null;
    };
    styles ??= early.styles.then(inserted).catch((err) => {
      // No host permission for this frame (Firefox lets people withhold it): fall back to a
      // constructed sheet adopted by the document.
      stats.errors.push(`styles: ${err?.message ?? err}`);
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(fallbackCss());
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      } catch (e) {
        stats.errors.push(`styles fallback: ${e?.message ?? e}`);
      }
    });
    return styles;
  }

  function fallbackCss() {
    return `::highlight(${names.high}){background-color:rgba(220,38,38,.32);text-decoration:underline wavy #dc2626 2px}`
      + `::highlight(${names.medium}){background-color:rgba(234,160,0,.32);text-decoration:underline dashed #d97706 2px}`
      + `::highlight(${names.active}){background-color:rgba(124,58,237,.45)}`;
  }

  const HOST_CSS = `
    :host { all: initial !important; }
    .layer { position: absolute; top: 0; left: 0; width: 0; height: 0; overflow: visible; }
    .m { position: absolute; box-sizing: border-box; min-width: 18px; height: 18px; padding: 0 3px;
      margin: 0; border-radius: 9px; border: 2px solid #fff; font: 700 11px/14px system-ui, sans-serif;
      color: #fff; cursor: pointer; box-shadow: 0 0 0 1px #000a, 0 1px 3px #0006; z-index: 1; }
    .m.text { min-width: 14px; height: 14px; padding: 0 2px; border-width: 1px;
      font-size: 8px; line-height: 12px; }
    .m.high { background: #b42318; }
    .m.medium { background: #b54708; border-radius: 3px; }
    .m.invisible { outline: 2px dashed currentColor; outline-offset: 1px; }
    .m:focus-visible { outline: 3px solid #7c3aed; outline-offset: 2px; }
    .card { position: absolute; z-index: 2; box-sizing: border-box; width: min(420px, 92vw);
      max-height: 60vh; overflow: auto; padding: 12px 14px; border-radius: 8px;
      background: #fff; color: #111; border: 1px solid #888; box-shadow: 0 6px 24px #0005;
      font: 14px/1.45 system-ui, sans-serif; text-align: start; white-space: normal; }
    @media (prefers-color-scheme: dark) {
      .card { background: #1d1d21; color: #f1f1f1; border-color: #666; }
      .payload { background: #2a2a30 !important; }
    }
    .head { display: flex; gap: 8px; align-items: center; margin: 0 0 8px; }
    .sev { font-weight: 700; padding: 1px 8px; border-radius: 4px; color: #fff; }
    .sev.high { background: #b42318; }
    .sev.medium { background: #b54708; }
    .sev.low { background: #1d4ed8; }
    .title { font-weight: 600; flex: 1; margin: 0; font-size: 14px; }
    .close { border: 1px solid #888; background: transparent; color: inherit; border-radius: 4px;
      font: inherit; cursor: pointer; padding: 0 6px; }
    h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; margin: 10px 0 2px;
      opacity: .8; }
    ul { margin: 0; padding-inline-start: 18px; }
    p { margin: 0; }
    .payload { margin: 2px 0; padding: 6px 8px; background: #f3f3f5; border-radius: 4px;
      white-space: pre-wrap; overflow-wrap: anywhere; font: 13px/1.4 ui-monospace, monospace; }
.notice { position: fixed; right: 16px; bottom: 16px; z-index: 3; box-sizing: border-box;
      width: min(380px, 92vw); padding: 10px 12px; border-radius: 8px; background: #fff; color: #111;
      border: 1px solid #888; border-inline-start: 5px solid #b42318; box-shadow: 0 6px 24px #0005;
      font: 14px/1.45 system-ui, sans-serif; text-align: start; }
    .notice .body p { margin: 2px 0; overflow-wrap: anywhere; }
    .actions { display: flex; gap: 8px; margin-top: 8px; flex-wrap: wrap; }
    .act { border: 1px solid #5b21b6; background: #5b21b6; color: #fff; border-radius: 4px;
      padding: 4px 10px; font: inherit; cursor: pointer; }
    .act:focus-visible, .close:focus-visible { outline: 3px solid #7c3aed; outline-offset: 2px; }
    @media (prefers-color-scheme: dark) {
      .notice { background: #1d1d21; color: #f1f1f1; border-color: #666; border-inline-start-color: #ff8a80; }
    }
    .warn { font-weight: 600; color: #b42318; }
    @media (prefers-color-scheme: dark) { .warn { color: #ff8a80; } }
    ${chips.CSS}
  `;

  /** Creates the one host element (on documentElement, closed shadow root), on first need. */
  function ensureHost() {
    if (host?.isConnected) return;
    if (!host) {
      host = document.createElement(`u-${randomName()}`);
      shadow = host.attachShadow({ mode: 'closed' });
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(HOST_CSS);
        shadow.adoptedStyleSheets = [sheet];
      } catch {
        const style = document.createElement('style');
        style.textContent = HOST_CSS;
        shadow.append(style);
      }
      const layer = document.createElement('div');
      layer.className = 'layer';
      shadow.append(layer);
      shadow.addEventListener('keydown', onHostKey);
      shadow.addEventListener('focusout', onHostFocusOut);
      for (const [p, v] of [['position', 'absolute'], ['top', '0'], ['left', '0'], ['width', '0'],
        ['height', '0'], ['overflow', 'visible'], ['z-index', '2147483647'], ['display', 'block'],
        ['margin', '0'], ['padding', '0'], ['border', '0']]) {
        host.style.setProperty(p, v, 'important');
      }
    }
    document.documentElement.append(host);
  }

  const layer = () => shadow.querySelector('.layer');
  const shape = (sev) => (sev === 'high' ? '▲' : sev === 'medium' ? '◆' : '●');
  const sevWord = (sev) => msg(`severity_${sev}`);
  const kindWord = (kind) => {
    const k = `kind_${kind.replace(/-/g, '_')}`;
    return api.i18n.getMessage(k) || kind;
  };

  /** Rectangle (viewport coordinates) a finding's marker and card attach to. */
  function anchorRect(rec) {
    if (rec.range) {
      const rects = rec.range.getClientRects();
      return rects.length ? rects[rects.length - 1] : null; // not rendered (display: none)
    }
    if (!rec.el?.isConnected) return null;
    const r = rec.el.getBoundingClientRect();
    return r.width || r.height ? r : null;
  }

  function addMarker(rec) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `m ${rec.severity}${rec.invisible ? ' invisible' : ''}${rec.range ? ' text' : ''}`;
    b.textContent = shape(rec.severity);
    b.setAttribute('aria-label', msg('markerLabel', [sevWord(rec.severity), kindWord(rec.kind)]));
    b.setAttribute('aria-haspopup', 'dialog');
    b.setAttribute('aria-expanded', 'false');
    onPress(b, () => openCard(rec, { pinned: true, focus: true }));
    b.addEventListener('focus', () => {
      if (!returningFocus) openCard(rec, { pinned: false, focus: false });
    });
    b.addEventListener('pointerenter', () => openCard(rec, { pinned: false, focus: false }));
    rec.marker = b;
    layer().append(b);
    placeAll();
  }

  /**
   * Moves a marker next to its finding's rectangle `r` (from anchorRect), `scroll` being the
   * page's [scrollX, scrollY] read with it (read after a write, they would force a layout).
   */
  function placeMarker(rec, r, [sx, sy]) {
    if (!r) {
      rec.marker.hidden = true;
      return;
    }
    rec.marker.hidden = false;
    // Text: a small tab just above the finding's last line box. Fields and attributes: on the
    // element's top-right corner.
    const x = rec.range ? (r.left + r.right) / 2 - 7 : r.right - 9;
    const y = rec.range ? r.top - 15 : r.top - 9;
    moveTo(rec.marker, x + sx, y + sy);
  }

  /** Sets an element's position, only if it moved: a write has the page lay out and paint again. */
  function moveTo(e, x, y) {
    const left = `${Math.round(x)}px`;
    const top = `${Math.round(y)}px`;
    if (e.style.left !== left) e.style.left = left;
    if (e.style.top !== top) e.style.top = top;
  }

  /** The page's layout changed while a scan ran: the markers move once it is over. */
  let placeAfterScan = false;

  /**
   * Moves the markers after a change of the page's layout; during a scan, at its end, in the
   * frame that shows what it found (a page changing its text changes its layout too).
   */
  function placeSoon() {
    if (scanning()) placeAfterScan = true;
    else placeAll();
  }

  let placing = 0;
  function placeAll() {
    if (placing) return;
    placeAfterScan = false;
    placing = requestAnimationFrame(() => {
      placing = 0;
      keepShown();
      // Everything is read before any marker moves: one layout for all of them.
      const recs = [...findings.values()].filter((rec) => rec.marker);
      const rects = recs.map(anchorRect);
      const cardRect = card && anchorRect(card.finding);
      const scroll = [scrollX, scrollY];
      recs.forEach((rec, i) => placeMarker(rec, rects[i], scroll));
      if (card) placeCard(cardRect, scroll);
    });
  }

  // ---- the card -------------------------------------------------------------------------
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  /** Builds a card for a finding. Every page-derived string goes through textContent. */
  function buildCard(rec) {
    const c = el('div', 'card');
    const titleId = `t${randomName()}`;
    c.setAttribute('role', 'dialog');
    c.setAttribute('aria-modal', 'false');
    c.setAttribute('aria-labelledby', titleId);
    c.tabIndex = -1;
    const head = el('div', 'head');
    head.append(el('span', `sev ${rec.severity}`, `${shape(rec.severity)} ${sevWord(rec.severity)}`));
    const title = el('p', 'title', kindWord(rec.kind));
    title.id = titleId;
    head.append(title);
    const close = el('button', 'close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', msg('cardClose'));
    onPress(close, () => closeCard(true));
    head.append(close);
    c.append(head);

    if (rec.where !== 'text') {
      c.append(el('p', null, rec.where === 'attr'
        ? msg('whereAttr', [rec.attr]) : msg('whereField')));
    }
    for (const p of rec.payloads) {
      c.append(el('h3', null, msg('cardPayload', [p.scheme, String(Math.round(p.confidence * 100))])));
      if (p.text != null) c.append(chips.payload(document, 'div', 'payload', p.text));
      else c.append(el('p', null, p.encrypted ? msg('payloadEncrypted') : msg('payloadUnreadable')));
      if (p.truncated) c.append(el('p', null, msg('payloadTruncated')));
      if (p.label) c.append(el('p', null, msg('payloadLabel', [p.label])));
      if (p.sensitive) c.append(el('p', 'warn', msg('payloadSensitive')));
      if (p.explanation) c.append(el('p', null, p.explanation));
    }
    c.append(el('h3', null, msg('cardWhy')));
    c.append(el('p', null, rec.explanation));
    c.append(el('h3', null, msg('cardChars')));
    const ul = el('ul');
    // The most useful first: at most 6 distinct characters, then how many more.
    for (const u of rec.chars.slice(0, 6)) ul.append(el('li', null, chars.describeChar(u)));
    if (rec.chars.length > 6) ul.append(el('li', null, msg('cardMoreChars', [String(rec.chars.length - 6)])));
    c.append(ul);
    if (rec.count > rec.chars.length) c.append(el('p', null, msg('cardCount', [String(rec.count)])));
    c.append(el('h3', null, msg('cardMeaning')));
    const meaning = api.i18n.getMessage(`meaning_${rec.kind.replace(/-/g, '_')}`)
      || msg('meaning_default');
    c.append(el('p', null, rec.payloads.length ? `${msg('meaning_payload')} ${meaning}` : meaning));
    c.addEventListener('pointerleave', () => { if (!card?.pinned) scheduleClose(); });
    c.addEventListener('pointerenter', () => clearTimeout(closeTimer));
    return c;
  }

  function openCard(rec, { pinned, focus }) {
    clearTimeout(closeTimer);
    if (card?.finding === rec) {
      card.pinned ||= pinned;
      if (focus) card.el.focus();
      return;
    }
    closeCard(false);
    ensureHost();
    const c = buildCard(rec);
    layer().append(c);
    card = { el: c, finding: rec, pinned };
    rec.marker?.setAttribute('aria-expanded', 'true');
    if (rec.marker) {
      c.id = `c${randomName()}`;
      rec.marker.setAttribute('aria-controls', c.id);
      rec.marker.setAttribute('aria-describedby', c.id);
    }
    if (rec.range) highlight('active').add(rec.range);
    placeCard();
    if (focus) c.focus();
  }

  function placeCard(r = anchorRect(card.finding), [sx, sy] = [scrollX, scrollY]) {
    const w = Math.min(420, innerWidth * 0.92);
    const x = r ? Math.min(Math.max(8, r.left), Math.max(8, innerWidth - w - 8)) : 8;
    const y = r ? r.bottom + 8 : 8;
    moveTo(card.el, x + sx, y + sy);
  }

  function closeCard(returnFocus) {
    clearTimeout(closeTimer);
    if (!card) return;
    const { el: c, finding: rec } = card;
    card = null;
    c.remove();
    hl.active?.clear();
    if (rec.marker) {
      rec.marker.setAttribute('aria-expanded', 'false');
      rec.marker.removeAttribute('aria-describedby');
      if (returnFocus) {
        returningFocus = true;
        rec.marker.focus({ preventScroll: true });
        returningFocus = false;
      }
    }
  }

  let closeTimer = 0;
  let returningFocus = false;
  function scheduleClose() {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(() => { if (card && !card.pinned) closeCard(false); }, 400);
  }

  function onHostKey(e) {
    if (e.key === 'Escape' && card) {
      e.stopPropagation();
      closeCard(true);
    } else if (e.key === 'Escape' && notice) {
      e.stopPropagation();
      closeNotice();
    }
  }

  function onHostFocusOut(e) {
    if (!card || card.pinned) return;
    if (!e.relatedTarget || !shadow.contains(e.relatedTarget)) scheduleClose();
  }

  // ---- our buttons ------------------------------------------------------------------------
  /**
   * What a click on each of our buttons does. Not the buttons' own click listeners: a click
   * reaches them only after the page's capturing listeners on `window`, and a page that stops
   * every click there would leave every marker, card and notice button dead. The click is read
   * by the listener js/early-listeners.js added before the page's (onHostClick).
   */
  const pressed = new WeakMap();
  const onPress = (button, run) => pressed.set(button, run);

  /** A trusted click on our host element: the button under it (or, from the keyboard, focused). */
  function onHostClick(e) {
    if (!e.isTrusted || !host || e.target !== host) return;
    const at = e.detail === 0 ? shadow.activeElement : shadow.elementFromPoint(e.clientX, e.clientY);
    const run = pressed.get(at?.closest('button'));
    if (run) run();
  }

  // ---- pointer: which finding is under it (Firefox has no highlightsFromPoint) ------------
  let pointerOn = false;
  let pointerFrame = 0;
  let lastPoint = null;

  function listenPointer() {
    if (pointerOn) return;
    pointerOn = true;
    document.addEventListener('pointermove', onPointerMove, { passive: true, capture: true });
    document.addEventListener('click', onClick, { passive: true, capture: true });
    document.addEventListener('keydown', onDocKey, { capture: true });
    addEventListener('resize', placeSoon, { passive: true });
    new ResizeObserver(placeSoon).observe(document.documentElement);
  }

  /** The shown text finding whose range is painted under viewport point (x, y), if any. */
  function findingAt(x, y) {
    let node = null;
    let offset = 0;
    if (document.caretPositionFromPoint) {
      const p = document.caretPositionFromPoint(x, y);
      if (p) { node = p.offsetNode; offset = p.offset; }
    } else if (document.caretRangeFromPoint) {
      const r = document.caretRangeFromPoint(x, y);
      if (r) { node = r.startContainer; offset = r.startOffset; }
    }
    const inRects = (rec) => {
      for (const q of rec.range.getClientRects()) {
        if (x >= q.left - 1 && x <= q.right + 1 && y >= q.top - 1 && y <= q.bottom + 1) return true;
      }
      return false;
    };
    const shown = [...findings.values()].filter((r) => r.shown && r.range);
    if (node) {
      for (const rec of shown) {
        try {
          if (rec.range.comparePoint(node, offset) === 0 && inRects(rec)) return rec;
        } catch { /* other tree */ }
      }
    }
    // The caret can sit just outside a one-grapheme range: confirm by rectangles.
    for (const rec of shown.slice(0, 500)) if (inRects(rec)) return rec;
    return null;
  }

  let overHost = false;
  function onPointerMove(e) {
    lastPoint = [e.clientX, e.clientY];
    // composedPath() is empty once dispatch is over: read it now, not in the frame callback.
    overHost = Boolean(host && e.composedPath().includes(host));
    if (pointerFrame) return;
    pointerFrame = requestAnimationFrame(() => {
      pointerFrame = 0;
      keepShown();
      if (overHost) {
        clearTimeout(closeTimer);
        return;
      }
      const rec = findingAt(...lastPoint);
      if (rec) openCard(rec, { pinned: false, focus: false });
      else if (card && !card.pinned) scheduleClose();
    });
  }

  function onClick(e) {
    if (host && e.composedPath().includes(host)) return;
    const rec = findingAt(e.clientX, e.clientY);
    if (rec) openCard(rec, { pinned: true, focus: false });
    else if (card) closeCard(false);
  }

  function onDocKey(e) {
    if (e.key === 'Escape' && card) closeCard(false);
  }

  // ---- watching the page ----------------------------------------------------------------
  /** True when a childList record only adds or removes our host element. */
  function ownRecord(r) {
    for (const list of [r.addedNodes, r.removedNodes]) {
      for (let i = 0; i < list.length; i++) if (list[i] !== host) return false;
    }
    return true;
  }

  /**
   * Notes what a childList record changed: the added nodes, and where nodes were removed, the
   * siblings that now meet (or the parent, emptied); the removed nodes' findings go with the
   * next round (their anchors are no longer in the page).
   */
  function markChildList(r) {
    const block = blockOf(r.target);
    const added = r.addedNodes;
    for (let i = 0; i < added.length; i++) if (added[i] !== host) markDirty(block, added[i], false);
    if (!r.removedNodes.length) return;
    const around = [r.previousSibling, r.nextSibling].filter((n) => n?.parentNode === r.target);
    if (!around.length) around.push(r.target === block ? null : r.target);
    for (const n of around) markDirty(block, n, false);
  }

  // Runs in the same microtask checkpoint as the page's own observers (which a page can time):
  // it only notes what changed (markDirty); the rescans run in idle slices.
  const observer = new MutationObserver((records) => {
    const t0 = performance.now();
    if (host && !host.isConnected) keepShown(); // the page removed our element
    for (const r of records) {
      if (r.target === host || (host && deepContains(host, r.target))) continue;
      if (r.type === 'childList') {
        if (!ownRecord(r)) markChildList(r);
      } else {
        markDirty(blockOf(r.target), r.target, r.type === 'attributes');
      }
    }
    if (dirty.size && started) schedule();
    stats.busyMs += performance.now() - t0;
  });

  function observe(root) {
    if (observed.has(root)) return;
    observed.add(root);
    observer.observe(root, {
      subtree: true, childList: true, characterData: true, attributes: true,
      attributeFilter: ATTRS,
    });
  }

  function onInput(e) {
    const t = e.composedPath?.()[0] ?? e.target;
    if (!started || !t || !isElement(t) || fieldValue(t) === null) return;
    pendingFields.add(t);
    schedule();
  }

  // ---- summary for the badge and the popup ---------------------------------------------
  function unreadableHint() {
    if (window !== top) return '';
    // A large canvas first: reading innerText lays out the whole page and copies all its text
    // (megabytes on a long page, at every report), so only when there is a canvas to explain.
    const big = [...document.getElementsByTagName('canvas')].some((c) => {
      const r = c.getBoundingClientRect();
      return r.width * r.height > innerWidth * innerHeight * 0.3;
    });
    if (!big) return '';
    const text = document.body?.innerText?.trim().length ?? 0;
    return text > 200 ? '' : 'canvas';
  }

  function summary() {
    const list = [...findings.values()]
      .filter(wanted)
      .sort((a, b) => SEV_RANK[b.severity] - SEV_RANK[a.severity] || a.id - b.id);
    return {
      count: list.length,
      unboxed: list.filter((r) => boxless.has(r)).length,
      taken,
      findings: list.slice(0, 200).map((r) => ({
        unboxed: boxless.has(r),
        id: r.id,
        severity: r.severity,
        kind: r.kind,
        chars: r.chars.slice(0, 16),
        explanation: r.explanation,
        payload: r.payloads.find((p) => p.text != null)?.text?.slice(0, 300) ?? null,
        where: r.where,
      })),
    };
  }

  /**
   * This document's random id: its port to the background is named for it, so that when the
   * port closes (the document went) the background drops this frame's share of the badge, and
   * only if the entry is still this document's.
   */
  const docId = Array.from(crypto.getRandomValues(new Uint8Array(8)),
    (b) => b.toString(16).padStart(2, '0')).join('');
  let port = null;
  /** The port to the background, connected again after the worker was stopped (MV3 does). */
  function portToBackground() {
    if (!port) {
      port = api.runtime.connect({ name: `frame:${docId}` });
      port.onDisconnect.addListener(() => { port = null; });
    }
    return port;
  }

  /** Reports at most every REPORT_GAP ms (a page that changes constantly, a chat being typed). */
  const REPORT_GAP = 400;
  let lastReport = 0;
  let reportTimer = 0;
  /** A report of this frame may be stored: later ones are sent even when they say "nothing". */
  let reported = false;
  /**
   * Sends the background this frame's counts for the badge (the findings themselves stay here:
   * the popup asks for them, `{what: 'findings'}`). A frame that never had anything to count
   * (and is not the top frame) sends nothing.
   */
  function report() {
    const wait = lastReport + REPORT_GAP - Date.now();
    if (wait > 0) {
      if (!reportTimer) reportTimer = setTimeout(() => { reportTimer = 0; report(); }, wait);
      return;
    }
    const s = summary();
    if (!reported && !s.count && window !== top) return;
    reported = true;
    lastReport = Date.now();
    const m = {
      what: 'report', count: s.count, origin: location.origin, scanned: true,
      unreadable: unreadableHint(), unboxed: s.unboxed, taken: s.taken,
    };
    try {
      portToBackground().postMessage(m);
    } catch {
      // The port closed under us (the worker was stopped): once more, on a new one.
      port = null;
      try {
        portToBackground().postMessage(m);
      } catch (err) {
        stats.errors.push(`report: ${err?.message ?? err}`);
      }
    }
  }

  // ---- copy and paste (issue 5) -----------------------------------------------------------
  // Copy check: a copied selection with medium/high findings gets a notice offering to copy the
  // clean text instead. Paste guard: a paste into a text field or a contenteditable goes
  // through untouched (never blocked, never delayed); once it has landed and the background has
  // scanned it, a notice offers to replace it with the clean text as one undoable edit, or (mode
  // "clean") does so at once. Both run on every site but the quiet ones, in "only when I ask"
  // mode too, before the person asked: their capturing listeners add nothing a page can see,
  // and a notice (in unmask's one element) appears only after the person's own copy or paste
  // of text with findings.
  const MAX_CLIP_UNITS = 1024 * 1024;
  const NOTICE_MS = 20000;
  let notice = null; // {el, timer, kind}
  let ownCopy = false; // our own execCommand('copy') is under way

  const clipActive = () => !quiet;

  /** The element focus is in, looking through (open) shadow roots. */
  function deepActive() {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a;
  }

  /** The selected text, line breaks kept (a field's own selection first). */
  function selectedText() {
    const a = deepActive();
    if (a && isElement(a) && fieldValue(a) !== null) {
      const { selectionStart: s, selectionEnd: e } = a;
      if (Number.isInteger(s) && e > s) return a.value.slice(s, e);
    }
    return getSelection()?.toString() ?? '';
  }

  /** Has the background scan and clean a text: `{report, count, clean}`. */
  async function check(text) {
    const res = await api.runtime.sendMessage({ what: 'check', text, lang });
    if (!res?.ok) throw new Error(res?.error ?? 'no answer');
    return res.result;
  }

  /**
   * Writes text to the clipboard from the page's context (a service worker has no clipboard):
   * the async Clipboard API where the page may use it, else `execCommand('copy')` with our own
   * `copy` handler (allowed by the clipboardWrite permission).
   */
  async function writeClipboard(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch { /* not a secure context, not focused, or refused: try the older way */ }
    let done = false;
    const onCopy = (e) => {
      e.stopImmediatePropagation();
      e.preventDefault();
      e.clipboardData.setData('text/plain', text);
      done = true;
    };
    ownCopy = true;
    addEventListener('copy', onCopy, true);
    try {
      document.execCommand('copy');
    } catch { /* refused */ } finally {
      removeEventListener('copy', onCopy, true);
      ownCopy = false;
    }
    return done;
  }

  /** What a check found, in words: "2 findings: Invisible characters, Hidden tag characters". */
  function foundWords(result) {
    const loud = result.report.findings.filter((f) => f.severity !== 'low');
    const kinds = [...new Set(loud.map((f) => kindWord(String(f.kind ?? ''))))];
    return msg('noticeFound', [String(result.count), kinds.slice(0, 4).join(', ')]);
  }

  /** The first decoded payload of a check, as a line of the notice (chips: js/chips.js). */
  function payloadWords(result) {
    const p = (result.report.payloads ?? []).find((x) => x.text != null);
    if (!p) return null;
    const t = String(p.text);
    return chips.payloadLine(document, 'p', null, (sub) => msg('noticePayload', [sub]),
      t.length > 200 ? `${t.slice(0, 200)}…` : t);
  }

  function closeNotice() {
    if (!notice) return;
    clearTimeout(notice.timer);
    notice.el.remove();
    notice = null;
  }

  /**
   * Shows the one notice (a new one replaces the last): a title, lines of text and buttons,
   * bottom right, in the host's closed shadow root. Non-modal: it never takes focus.
   * @param {{kind: string, title: string, lines: (string|Element|null)[],
   *          actions: {label: string, run: function}[]}} n
   */
  function showNotice(n) {
    closeNotice();
    ensureHost();
    const box = el('div', 'notice');
    box.setAttribute('role', 'status');
    box.setAttribute('aria-live', 'polite');
    box.setAttribute('aria-label', msg('noticeLabel'));
    const head = el('div', 'head');
    head.append(el('p', 'title', n.title));
    const close = el('button', 'close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', msg('noticeClose'));
    onPress(close, closeNotice);
    head.append(close);
    box.append(head);
    const body = el('div', 'body');
    for (const line of n.lines) if (line) body.append(typeof line === 'string' ? el('p', null, line) : line);
    box.append(body);
    if (n.actions.length) {
      const row = el('div', 'actions');
      for (const a of n.actions) {
        const b = el('button', 'act', a.label);
        b.type = 'button';
        // Keep focus (and the field's selection) where the person was typing.
        b.addEventListener('mousedown', (e) => e.preventDefault());
        onPress(b, () => { a.run(); });
        row.append(b);
      }
      box.append(row);
    }
    const rearm = () => {
      clearTimeout(notice?.timer);
      if (notice) notice.timer = setTimeout(closeNotice, NOTICE_MS);
    };
    box.addEventListener('pointerenter', () => clearTimeout(notice?.timer));
    box.addEventListener('pointerleave', rearm);
    shadow.append(box);
    notice = { el: box, kind: n.kind, timer: 0 };
    rearm();
  }

  /** Replaces a notice's body with one line and no buttons (after an action). */
  function settleNotice(line) {
    if (!notice) return;
    notice.el.querySelector('.actions')?.remove();
    notice.el.querySelector('.body').replaceChildren(el('p', null, line));
    clearTimeout(notice.timer);
    notice.timer = setTimeout(closeNotice, NOTICE_MS);
  }

  // -- copy check
  async function onCopy(e) {
    if (!e.isTrusted || ownCopy || !prefs.copyCheck || !clipActive()) return;
    const text = selectedText();
    if (!text || text.length > MAX_CLIP_UNITS) return;
    let result;
    try {
      result = await check(text);
    } catch (err) {
      stats.errors.push(`copy: ${err?.message ?? err}`);
      return;
    }
    if (!result.count || result.clean == null) return;
    const cleanText = result.clean;
    showNotice({
      kind: 'copy',
      title: msg('noticeCopyTitle'),
      lines: [foundWords(result), payloadWords(result)],
      actions: [{
        label: msg('noticeCopyClean'),
        run: async () => settleNotice(msg(await writeClipboard(cleanText)
          ? 'noticeCopied' : 'noticeCopyFailed')),
      }],
    });
  }

  /** The context menu's "Copy without hidden characters": the selection, cleaned. */
  async function copyClean() {
    const text = selectedText();
    if (!text) return { ok: false, error: 'no selection' };
    const result = await check(text);
    const out = result.clean ?? text;
    const copied = await writeClipboard(out);
    if (!quiet) {
      showNotice({
        kind: 'menu',
        title: msg(copied ? 'noticeCopiedMenu' : 'noticeCopyFailed'),
        lines: [copied && result.count ? foundWords(result) : null,
          copied && !result.report.findings.length ? msg('noticeNothingFound') : null],
        actions: [],
      });
    }
    return { ok: copied, changed: out !== text };
  }

  // -- paste guard
  /** The text field or contenteditable root a paste goes into, or null. */
  function pasteTarget(e) {
    const path = e.composedPath();
    const t = path[0];
    if (!t || !isElement(t)) return null;
    if (fieldValue(t) !== null) return { field: t };
    for (const n of path) {
      if (!isElement(n)) continue;
      if (n.isContentEditable && !n.parentElement?.isContentEditable) return { root: n };
    }
    return null;
  }

  /** The length of the text-node text from the start of `root` to (node, offset). */
  function textOffset(root, node, offset) {
    const r = document.createRange();
    r.setStart(root, 0);
    try {
      r.setEnd(node, offset);
    } catch {
      return -1;
    }
    return r.toString().length;
  }

  /** The DOM point at a text offset of `root` (as textOffset counts), or null. */
  const pointAt = (root, offset, preferNext) => pointIn(textNodesOf(root), offset, !preferNext);

  /** Text with the differences a contenteditable makes to pasted text taken out. */
  const squash = (t) => t.replace(/[\s\u00a0]+/g, '');

  /** Selects what a paste put into an editable root; false when it is no longer there. */
  function selectPasted(p) {
    if (p.field) {
      const f = p.field;
      let at = p.start;
      if (f.value.slice(at, at + p.landed.length) !== p.landed) {
        at = f.value.indexOf(p.landed);
        if (at < 0 || f.value.indexOf(p.landed, at + 1) >= 0) return false;
      }
      f.focus({ preventScroll: true });
      f.setSelectionRange(at, at + p.landed.length);
      return true;
    }
    const a = pointAt(p.root, p.start, true);
    const b = pointAt(p.root, p.end, false);
    if (!a || !b) return false;
    const r = document.createRange();
    r.setStart(...a);
    r.setEnd(...b);
    if (squash(r.toString()) !== squash(p.landed)) return false;
    p.root.focus({ preventScroll: true });
    const sel = getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
    return true;
  }

  /** Replaces the pasted text with the clean text in one undoable edit. */
  function replacePasted(p, cleanText) {
    if (!p.root.isConnected) return false;
    if (!selectPasted(p)) return false;
    // insertText goes through the browser's editing (one entry in the undo history, input
    // events for the page's editor), unlike setting .value.
    if (document.execCommand('insertText', false, cleanText)) return true;
    if (p.field) {
      const f = p.field;
      f.setRangeText(cleanText, f.selectionStart, f.selectionEnd, 'end');
      f.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText' }));
      return true;
    }
    return false;
  }

  /** Finds what the paste put into the field or editable, once it has landed. */
  function locatePasted(p) {
    if (p.field) {
      const f = p.field;
      const len = f.value.length - (p.before.len - (p.before.end - p.before.start));
      if (len <= 0) return false;
      p.start = p.before.start;
      p.landed = f.value.slice(p.start, p.start + len);
      return true;
    }
    const sel = getSelection();
    if (!sel?.rangeCount) return false;
    const r = sel.getRangeAt(0);
    const end = textOffset(p.root, r.endContainer, r.endOffset);
    if (end < 0 || end <= p.start) return false;
    p.end = end;
    p.landed = p.text.replace(/\r\n?/g, '\n');
    const a = pointAt(p.root, p.start, true);
    const b = pointAt(p.root, p.end, false);
    if (!a || !b) return false;
    const range = document.createRange();
    range.setStart(...a);
    range.setEnd(...b);
    return squash(range.toString()) === squash(p.landed);
  }

  function onPaste(e) {
    if (!e.isTrusted || prefs.pasteGuard === 'off' || !clipActive()) return;
    const target = pasteTarget(e);
    const text = e.clipboardData?.getData('text/plain');
    if (!target || !text || text.length > MAX_CLIP_UNITS) return;
    const p = { ...target, text, root: target.root ?? target.field, start: 0, end: 0, landed: '' };
    if (p.field) {
      p.before = { start: p.field.selectionStart ?? 0, end: p.field.selectionEnd ?? 0,
        len: p.field.value.length };
    } else {
      const sel = getSelection();
      if (!sel?.rangeCount) return;
      const r = sel.getRangeAt(0);
      p.start = textOffset(p.root, r.startContainer, r.startOffset);
      if (p.start < 0) return;
    }
    // Nothing is prevented or delayed: the paste lands first, then the offer follows.
    setTimeout(() => afterPaste(p, 0), 0);
  }

  async function afterPaste(p, tries) {
    if (!locatePasted(p)) {
      // A rich editor may apply a paste a little later; then give up quietly.
      if (tries < 3) setTimeout(() => afterPaste(p, tries + 1), 60 * (tries + 1));
      return;
    }
    let result;
    try {
      result = await check(p.landed);
    } catch (err) {
      stats.errors.push(`paste: ${err?.message ?? err}`);
      return;
    }
    if (!result.count || result.clean == null || !clipActive()) return;
    const cleanText = result.clean;
    const lines = [foundWords(result), payloadWords(result)];
    if (prefs.pasteGuard === 'clean') {
      const done = replacePasted(p, cleanText);
      showNotice({
        kind: 'paste',
        title: msg('noticePasteTitle'),
        lines: [...lines, msg(done ? 'noticeCleanedAuto' : 'noticeMoved')],
        actions: [],
      });
      return;
    }
    showNotice({
      kind: 'paste',
      title: msg('noticePasteTitle'),
      lines,
      actions: [{
        label: msg('noticeReplace'),
        run: () => settleNotice(msg(replacePasted(p, cleanText) ? 'noticeReplaced' : 'noticeMoved')),
      }],
    });
  }

  // Listened for since the document started (js/early-listeners.js): a page's own capturing
  // listeners come after these, and cannot stop the event before unmask reads it. The same for
  // clicks on our buttons (onHostClick).
  Object.assign(globalThis[Symbol.for('unmask.listeners')],
    { copy: onCopy, paste: onPaste, click: onHostClick });

  // ---- settings and messages from the popup ----------------------------------------------
  const siteOrigins = () => {
    const o = [location.origin];
    const anc = location.ancestorOrigins;
    if (anc?.length) o.push(anc[anc.length - 1]);
    return o;
  };

  function setQuiet(q) {
    if (q === quiet) return;
    quiet = q;
    if (quiet) {
      closeCard(false);
      for (const rec of findings.values()) unshow(rec);
      unregisterAll();
    } else {
      showAll([...findings.values()]);
    }
  }

  function start() {
    if (started) return;
    started = true;
    observe(document);
    document.addEventListener('input', onInput, { passive: true, capture: true });
    pending.add(document);
    schedule();
  }

  /** Scrolls to a finding and opens its card (the popup's jump-to). */
  function jump(id) {
    const rec = findings.get(id);
    if (!rec) return false;
    const target = rec.range ?? rec.el;
    const node = rec.range ? rec.range.startContainer.parentElement : rec.el;
    node?.scrollIntoView({ block: 'center', behavior: 'instant' });
    // Highlighting is off for the site, or the finding has no box: show this one, since the
    // person asked for it.
    if (!rec.shown) display(rec);
    placeAll();
    openCard(rec, { pinned: true, focus: true });
    return Boolean(target);
  }

  api.runtime.onMessage.addListener((m, sender, sendResponse) => {
    // Only the extension's own pages (the popup) talk to content scripts.
    if (sender?.id !== api.runtime.id || sender.tab || !m || typeof m !== 'object') return false;
    if (m.what === 'ping') {
      sendResponse({ ok: true, started, scanning: Boolean(job || pending.size || inFlight.size) });
    } else if (m.what === 'scan-now') {
      start();
      sendResponse({ ok: true });
    } else if (m.what === 'findings') {
      // The popup, as it opens: this frame's findings (the background stores only counts).
      keepShown();
      sendResponse({ ok: true, ...summary() });
    } else if (m.what === 'alive') {
      // A new background worker checks the frames an earlier one stored: this one is here.
      portToBackground();
      sendResponse({ ok: true, doc: docId });
    } else if (m.what === 'jump' && Number.isInteger(m.id)) {
      sendResponse({ ok: jump(m.id) });
    } else if (m.what === 'selection') {
      // Only the frame that has the selection answers with it (the menu names its frame).
      sendResponse({ ok: true, text: selectedText() });
    } else if (m.what === 'copy-clean') {
      copyClean().then(sendResponse, (err) => sendResponse({ ok: false, error: String(err?.message ?? err) }));
      return true;
    } else if (m.what === 'origin' && window === top) {
      sendResponse({ ok: true, origin: location.origin });
    } else {
      return false;
    }
    return false;
  });

  // Back/forward cache: the tab navigated (badge cleared) and came back to this document.
  addEventListener('pageshow', (e) => {
    if (e.persisted && started) maybeFinished();
  });

  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    const next = { ...prefs };
    for (const [k, c] of Object.entries(changes)) if (Object.hasOwn(next, k)) next[k] = c.newValue;
    prefs = settingsApi.normalize(next);
    if (changes.quietSites) setQuiet(siteOrigins().some((o) => prefs.quietSites[o] === true));
    if (changes.quietSites && quiet) closeNotice();
    if (changes.minSeverity || changes.kindsOff) reapply();
  });

  api.storage.local.get(settingsApi.KEYS).then((s) => {
    prefs = settingsApi.normalize(s);
    quiet = siteOrigins().some((o) => prefs.quietSites[o] === true);
    if (prefs.scanMode !== 'asked') start();
  }, () => start());

  // <test-hook>: tools/dist.py leaves everything up to </test-hook> out of the store packages.
  /**
   * Read-only view for the extension's own end-to-end tests, reachable only from this
   * extension's isolated world (`scripting.executeScript` with world ISOLATED); the page
   * cannot see it, and it hands out strings and numbers, never nodes. An own property: tests
   * read it with Object.hasOwn, as a page may name an element `unmaskInspect`.
   */
  Object.defineProperty(globalThis, 'unmaskInspect', { value: Object.freeze({
    state: () => ({
      started,
      quiet,
      findings: [...findings.values()].map((r) => ({
        id: r.id, severity: r.severity, kind: r.kind, where: r.where, shown: r.shown,
        text: r.range ? r.range.toString() : null, attr: r.attr, invisible: r.invisible,
        payloads: r.payloads.map((p) => p.text),
      })),
      highlightNames: [...registered].map((k) => names[k]),
      hostTag: host?.isConnected ? host.localName : null,
      markers: [...findings.values()].filter((r) => r.marker).length,
      stats: { ...stats, errors: [...stats.errors] },
      busy: scanning() || waitingWork() || showing > 0,
    }),
    notice: () => (notice ? {
      kind: notice.kind,
      text: notice.el.textContent,
      elements: [...notice.el.querySelectorAll('*')].map((e) => e.localName),
      buttons: [...notice.el.querySelectorAll('button.act')].map((b) => {
        const r = b.getBoundingClientRect();
        return { label: b.textContent, x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }),
    } : null),
    prefs: () => JSON.parse(JSON.stringify(prefs)),
    card: () => (card ? {
      text: card.el.textContent,
      elements: [...card.el.querySelectorAll('*')].map((e) => e.localName),
      findingId: card.finding.id,
      pinned: card.pinned,
      focused: shadow.activeElement != null,
    } : null),
  }) });
  // </test-hook>
})();
