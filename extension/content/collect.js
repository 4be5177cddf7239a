/**
 * Collecting the text a person reads (content script, see base.js): text nodes (inline elements
 * joined into one block, "\n" between blocks), shadow roots open and closed, the title,
 * `<option>`s, `input`/`textarea` values, contenteditable, and the attributes alt, title,
 * aria-label and placeholder. A walk stops after any node and goes on later (walkOn), so that
 * scan.js can run it in idle slices; what it finds is handed to a `take` callback as entries
 * (text, block separator, attribute, field). Also the shadow roots a walk cannot see at once:
 * attached after the walk passed (late roots), or closed ones on standard elements with
 * children (hosts asked after the scan).
 */
'use strict';
const Collect = (() => {
  const { api, ATTRS, INLINE, SKIP, SEP, stats, isElement, fieldValue } = Base;
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
      if (type === 11) Rescan.observe(node);
      stack.push({ first: node.firstChild, cur: undefined, after: false, shadow: null });
    } else if (isElement(node) && node !== state.host) {
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
    Rescan.wake();
    if (rootless.size) lateTimer = setTimeout(lookForLateRoots, latePass ? 0 : lateGap);
  }

  /** A shadow root found after the walk passed its host: rescanned whole, and so observed. */
  const rootFound = (root) => Rescan.rescanWhole(root);

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
    if (hostsToAsk.size && !askHandle && !Scan.scanning()) {
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
    Rescan.wake();
    if (!hostsToAsk.size) return;
    if (!deadline.didTimeout && deadline.timeRemaining() > Scan.FOLLOW_MS) {
      askHandle = -1;
      askDeadline = deadline;
      askFollow.port2.postMessage(null);
    } else {
      askHostsWhenIdle();
    }
  }

  return Object.freeze({
    WHOLE_ELEMENTS, newWalk, newRangeWalk, walkOn, takeAttrs, askHostsWhenIdle,
  });
})();
