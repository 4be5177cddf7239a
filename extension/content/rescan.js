/**
 * Rescanning what a page changes (content script, see base.js): a MutationObserver on the
 * document and on every shadow root the walk enters notes what changed, by block; rounds of
 * rescans (jobs of scan.js) take the blocks that are due.
 */
'use strict';
const Rescan = (() => {
  const { ATTRS, INLINE, SKIP, stats, isElement, fieldValue, blockOf, deepContains } = Base;

  // A change is rescanned where it happened, not with its whole block: the changed or added
  // nodes with their inline neighbours (text joins across inline elements: "hid<b>den</b>"),
  // an element's attributes alone when only they changed. One block (a chat log, a body of 2 MB
  // of inline text) can hold any amount of text, and a page can change it ten times a second.
  // Changes are gathered by block, and the blocks that are due are rescanned together in one
  // round; a block that keeps changing waits longer each time (backoff); rescans share a budget
  // of text per second (the background holds one per tab). Work waits, it is never dropped: what
  // changes meanwhile joins the block's next round.

  /**
   * Backoff of a block that keeps changing (ms): its first and longest wait, and the quiet that
   * resets it.
   */
  const GAP_MS = Object.freeze({ first: 100, most: 2000, quiet: 1000 });
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
  /** Roots under our MutationObserver. */
  const observed = new WeakSet();

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
      Scan.schedule();
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
      b.gap = now - b.last < b.gap + GAP_MS.quiet
        ? Math.min(GAP_MS.most, Math.max(GAP_MS.first, b.gap * 2)) : 0;
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
    Scan.begin(covers, units, true);
  }

  // ---- watching the page ----------------------------------------------------------------
  /** True when a childList record only adds or removes our host element. */
  function ownRecord(r) {
    for (const list of [r.addedNodes, r.removedNodes]) {
      for (let i = 0; i < list.length; i++) if (list[i] !== state.host) return false;
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
    for (let i = 0; i < added.length; i++) {
      if (added[i] !== state.host) markDirty(block, added[i], false);
    }
    if (!r.removedNodes.length) return;
    const around = [r.previousSibling, r.nextSibling].filter((n) => n?.parentNode === r.target);
    if (!around.length) around.push(r.target === block ? null : r.target);
    for (const n of around) markDirty(block, n, false);
  }

  // Runs in the same microtask checkpoint as the page's own observers (which a page can time):
  // it only notes what changed (markDirty); the rescans run in idle slices.
  const observer = new MutationObserver((records) => {
    const t0 = performance.now();
    const { host } = state;
    if (host && !host.isConnected) Paint.keepShown(); // the page removed our element
    for (const r of records) {
      if (r.target === host || (host && deepContains(host, r.target))) continue;
      if (r.type === 'childList') {
        if (!ownRecord(r)) markChildList(r);
      } else {
        markDirty(blockOf(r.target), r.target, r.type === 'attributes');
      }
    }
    wake();
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

  /** Asks for a slice when changes wait and the scan has started. */
  function wake() {
    if (dirty.size && state.started) Scan.schedule();
  }

  /** A root to rescan whole: a shadow root found after the walk passed its host. */
  function rescanWhole(root) {
    markDirty(root, null, false);
    dirty.get(root).whole = true;
  }

  /** A rescan batch of `units` UTF-16 units went to the core: the budget pays for it. */
  function sent(units) {
    budget.left -= units;
    rescansInFlight++;
  }

  /**
   * A batch's answer came (`rescan`: a rescan's). True when a round waited for rescan answers:
   * the scan asks for a slice again.
   */
  function answered(rescan) {
    if (rescan) rescansInFlight--;
    const waited = stalled;
    stalled = false;
    return waited;
  }

  return Object.freeze({
    dirty, wake, rescanWhole, sent, answered, mayRescan, takeDue, startRound, observe,
  });
})();
