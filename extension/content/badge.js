/**
 * What this frame tells the background (content script, see base.js): its counts for the
 * toolbar badge, over a port named for this document (the background drops the frame's share
 * when the port closes), and its findings for the popup (summary: each with a few words of
 * context, a group counted once, see apply.js). The findings themselves stay here.
 */
'use strict';
const Badge = (() => {
  const { api, SEV_RANK, findings, stats, fieldValue } = Base;

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

  /** Most UTF-16 units of context on either side of a finding (of the finding itself, twice). */
  const CONTEXT = 32;
  const HIDDEN = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;

  /**
   * A few words around a finding, for the popup's list: `{before, match, after}` (the text it
   * is in: its text node, its field's value or its attribute).
   */
  function contextOf(r) {
    let before = '';
    let after = '';
    let match;
    if (r.range) {
      const { startContainer: sn, startOffset: so, endContainer: en, endOffset: eo } = r.range;
      match = r.range.toString();
      if (sn.nodeType === 3) before = sn.data.slice(Math.max(0, so - CONTEXT), so);
      if (en.nodeType === 3) after = en.data.slice(eo, eo + CONTEXT);
    } else {
      match = String((r.where === 'attr' ? r.el.getAttribute(r.attr) : fieldValue(r.el)) ?? '');
    }
    // A run of hidden characters is said as its count ("80 hidden characters"), not drawn.
    const hidden = match.match(HIDDEN)?.length ?? 0;
    if (hidden > 3) match = match.replace(HIDDEN, '');
    return { before, match: match.length > 2 * CONTEXT ? `${match.slice(0, 2 * CONTEXT)}…` : match,
      after, hidden: hidden > 3 ? hidden : 0 };
  }

  function summary() {
    const list = [...findings.values()]
      .filter(Paint.counted)
      .sort((a, b) => SEV_RANK[b.severity] - SEV_RANK[a.severity] || a.id - b.id);
    return {
      count: list.length,
      unboxed: list.filter((r) => Paint.boxless.has(r)).length,
      taken: Paint.taken(),
      findings: list.slice(0, 200).map((r) => ({
        unboxed: Paint.boxless.has(r),
        id: r.id,
        severity: r.severity,
        kind: r.kind,
        chars: [...new Set([r, ...r.members].flatMap((m) => m.chars))].slice(0, 16),
        context: contextOf(r),
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

  return Object.freeze({ summary, docId, portToBackground, report });
})();
