/**
 * Mapping a report of the core onto the page (content script, see base.js): each finding of a
 * batch's answer becomes a record of this frame's findings, anchored to a Range over whole
 * grapheme clusters in the text nodes it was read from, or to the element of an attribute or a
 * field; each payload goes to the findings it overlaps. The records are then shown (paint.js).
 */
'use strict';
const Apply = (() => {
  const { SEV_RANK, findings } = Base;
  const HIDDEN_ONLY = /^[\p{Default_Ignorable_Code_Point}\p{Cf}]+$/u;

  let nextId = 1;

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
    // The core's names of the characters the findings and payloads hold (background.js).
    const names = report.names !== null && typeof report.names === 'object' ? report.names : {};
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
        names,
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
        // One hidden message, one card (grouped below): the group's first finding, or null for
        // the first itself, which lists the others as its members.
        lead: null,
        members: [],
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
      if (Scan.supersededAt(rec, batchEpoch)) continue;
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
    // What a person sees as one thing counts once and shows as one card: findings of one block
    // (or one field or attribute) that carry the same decoded payload (the date-line marker's
    // apostrophe and its date separators) are one group, led by the first. Findings in other
    // blocks keep their own card, even where the core joined their runs into one payload. The
    // report keeps them apart (the JSON contract); only the extension's view joins them.
    const placeOf = (rec) => (rec.range ? Base.blockOf(rec.range.startContainer) : rec.el);
    const leads = new Map(); // payload -> the leads of its groups
    for (const rec of batchFindings) {
      const p = rec.payloads[0];
      if (!p) continue;
      const place = placeOf(rec);
      if (!leads.has(p)) leads.set(p, []);
      const lead = leads.get(p).find((l) => placeOf(l) === place && l.attr === rec.attr);
      if (lead) {
        rec.lead = lead;
        lead.members.push(rec);
      } else {
        leads.get(p).push(rec);
      }
    }
    for (const rec of batchFindings) Paint.showSoon(rec);
  }

  /** Forgets (and unpaints) the findings a rescan about to start covers (begin). */
  function forgetCovered(covers) {
    for (const rec of [...findings.values()]) {
      if (covers(rec)) {
        Paint.unshow(rec);
        findings.delete(rec.id);
      }
    }
  }

  return Object.freeze({ applyReport, forgetCovered, textNodesOf, pointIn });
})();
