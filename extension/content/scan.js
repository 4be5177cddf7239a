/**
 * Scanning (content script, see base.js): jobs that walk the page (collect.js) in idle slices of
 * at most SLICE_ENTRIES nodes, into batches of texts sent to the background's core, whose
 * answers apply.js maps onto the page. A job is the first scan of the document, a field whose
 * value changed, a root found late, or a round of rescans (rescan.js). The core runs in the
 * background (background.js), so the page's thread never runs it.
 */
'use strict';
const Scan = (() => {
  const { api, lang, SKIP, SEP, stats, isElement, fieldValue, deepContains } = Base;
  const { WHOLE_ELEMENTS, newWalk, newRangeWalk, walkOn, takeAttrs, askHostsWhenIdle } = Collect;

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

  /** Roots (Element, ShadowRoot, Document) waiting to be rescanned whole. */
  const pending = new Set();
  /** Form fields whose value changed. */
  const pendingFields = new Set();
  let idleHandle = 0; // the next slice's idle callback, or -1 for a slice that follows (schedule)
  let job = null; // {units, i, walk, batch, rescan}: the walk under way (begin)
  const inFlight = new Set();

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
    Apply.forgetCovered(covers);
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

  /** Starts the next job there is work for now; false when there is none (yet). */
  function takeWork() {
    if (pendingFields.size && Rescan.mayRescan()) {
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
    const due = Rescan.takeDue();
    if (!due) return false;
    Rescan.startRound(due);
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
    Paint.maybeFinished();
    askHostsWhenIdle();
  }

  /** Sends one batch to the background's core; the answer is applied when it comes. */
  function sendBatch(b) {
    if (!b.entries.some((e) => e !== null)) return;
    stats.batches++;
    stats.sentUnits += b.units;
    if (b.rescan) {
      stats.rescanUnits += b.units;
      Rescan.sent(b.units);
    }
    const p = api.runtime.sendMessage({
      what: 'scan', texts: b.texts, lang, max_findings: MAX_FINDINGS_PER_BATCH, rescan: b.rescan,
    }).then((res) => {
      if (!res?.ok) throw new Error(res?.error ?? 'no answer');
      stats.scans++;
      Apply.applyReport(res.result, b.entries, b.epoch);
    }).catch((err) => {
      stats.errors.push(String(err?.message ?? err));
    }).finally(() => {
      inFlight.delete(p);
      if (!inFlight.size) rescans.length = 0;
      if (Rescan.answered(b.rescan)) schedule();
      Paint.maybeFinished();
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
  const waitingWork = () => Rescan.dirty.size > 0 || pendingFields.size > 0;
  /** What the popup's ping calls a scan under way (a slice asked for is not counted). */
  const busy = () => Boolean(job || pending.size || inFlight.size);

  /** The scan of the whole document: the first one (main.js start). */
  function scanDocument() {
    pending.add(document);
    schedule();
  }

  /** A form field's value changed (an `input` event): it is rescanned. */
  function onInput(e) {
    const t = e.composedPath?.()[0] ?? e.target;
    if (!state.started || !t || !isElement(t) || fieldValue(t) === null) return;
    pendingFields.add(t);
    schedule();
  }

  return Object.freeze({
    FOLLOW_MS, schedule, begin, supersededAt, scanning, waitingWork, busy,
    scanDocument, onInput,
  });
})();
