/**
 * unmask popup: what was found in the active tab (every finding, a few words of context each, a
 * line per kind; the arrow keys move between them, the whole popup scrolls), jump-to, the per-site highlight switch, the
 * scan mode, and a way to the checker. Asks the background which frames of the tab have
 * something to show (it stores only their counts, for the badge), then each of those frames'
 * content script for its findings; talks to them for jump-to and scan-now too. Every string
 * from a page goes through textContent.
 */
'use strict';
(async () => {
  const api = globalThis.ext;
  const t = globalThis.unmaskI18n;
  const ui = globalThis.unmaskUi;
  const words = ui.words(t);
  ui.adopt(document);
  const $ = (id) => document.getElementById(id);
  const status = $('status');
  const list = $('list');
  $('findings').setAttribute('aria-label', t('popupFindings'));

  // popup.html?tab=<id> shows another tab (the page opened in a tab of its own, as the tests
  // do; only the extension can open its pages, none is web-accessible).
  const asked = Number.parseInt(new URLSearchParams(location.search).get('tab') ?? '', 10);
  const [tab] = Number.isInteger(asked) ? [{ id: asked }]
    : await api.tabs.query({ active: true, currentWindow: true });
  const tabId = tab?.id;
  let settings = await api.storage.local.get(['scanMode', 'quietSites']);
  const mode = settings.scanMode === 'asked' ? 'asked' : 'always';
  for (const r of document.querySelectorAll('input[name=mode]')) {
    r.checked = r.value === mode;
    r.addEventListener('change', () => {
      if (r.checked) api.storage.local.set({ scanMode: r.value });
    });
  }

  /** Most findings listed (over all frames; the count above the list is exact). */
  const MAX_LISTED = 300;
  const SEVERITIES = new Set(['high', 'medium', 'low']);

  /** The tab's record (background.js): `{origin, full, frames: {<frameId>: {count, ...}}}`. */
  async function record() {
    const res = await api.runtime.sendMessage({ what: 'frames', tabId }).catch(() => null);
    return res?.ok && res.result?.frames ? res.result : null;
  }

  /** A finding as a frame's content script describes it, in the shape item() reads, or null. */
  function finding(f) {
    if (!f || typeof f !== 'object' || !Number.isInteger(f.id)) return null;
    const str = (v, n) => (typeof v === 'string' ? v.slice(0, n) : '');
    return {
      id: f.id,
      severity: SEVERITIES.has(f.severity) ? f.severity : 'low',
      kind: str(f.kind, 40),
      chars: Array.isArray(f.chars) ? f.chars.slice(0, 16).map((c) => str(c, 12)) : [],
      payload: typeof f.payload === 'string' ? f.payload.slice(0, 300) : null,
      where: str(f.where, 20),
      unboxed: f.unboxed === true,
      context: f.context && typeof f.context === 'object'
        ? { before: str(f.context.before, 40), match: str(f.context.match, 80),
          after: str(f.context.after, 40), hidden: Number.isInteger(f.context.hidden)
            ? f.context.hidden : 0 }
        : null,
    };
  }

  /** The findings of the frames that have some: [frameId, finding], top frame first. */
  async function details(rec) {
    const ids = Object.keys(rec.frames).map(Number).filter((id) => rec.frames[id].count > 0)
      .sort((a, b) => a - b);
    const answers = await Promise.all(ids.map((frameId) => api.tabs.sendMessage(tabId,
      { what: 'findings' }, { frameId }).catch(() => null)));
    const out = [];
    answers.forEach((a, i) => {
      const list = a?.ok && Array.isArray(a.findings) ? a.findings : [];
      for (const f of list) {
        const x = finding(f);
        if (x) out.push([ids[i], x]);
      }
    });
    return out;
  }

  /** The core's names of the characters the listed findings show (background.js), or none. */
  async function namesFor(listed) {
    const xs = listed.map(([, x]) => x);
    const cps = ui.namedCodePoints(xs, xs.map((x) => x.payload));
    const res = await api.runtime.sendMessage({ what: 'names', cps }).catch(() => null);
    return res?.ok && res.result && typeof res.result === 'object' ? res.result : {};
  }

  function item(f, frameId, names) {
    const li = document.createElement('li');
    const sev = ui.el('span', `sev ${f.severity}`, words.sevLabel(f.severity));
    const what = ui.el('span', 'what', words.kindWord(f.kind));
    const jump = document.createElement('button');
    jump.type = 'button';
    jump.textContent = t('popupJump');
    jump.setAttribute('aria-label', `${t('popupJumpLabel')}: ${what.textContent}`);
    jump.addEventListener('click', async () => {
      try {
        await api.tabs.sendMessage(tabId, { what: 'jump', id: f.id }, { frameId });
        if (!Number.isInteger(asked)) window.close();
      } catch { /* the page went away */ }
    });
    const bits = [];
    const shown = f.chars.slice(0, 3).map((c) => ui.describeChar(c, names));
    if (f.chars.length > 3) shown.push(`+${f.chars.length - 3}`);
    bits.push(shown.join(', '));
    if (f.where === 'attr') bits.push(t('popupInAttr'));
    if (f.where === 'field') bits.push(t('popupInField'));
    if (f.unboxed) bits.push(t('popupNotShown'));
    const rest = bits.filter(Boolean).join(' · ');
    // The decoded payload, its controls and invisible characters as chips (js/ui.js).
    const detail = f.payload == null ? document.createElement('span')
      : ui.payloadLine(document, 'span', null, (sub) => t('popupPayload', [sub]), f.payload, names);
    detail.className = 'detail';
    detail.append(f.payload != null && rest ? ` · ${rest}` : rest);
    li.append(sev, what, jump, detail);
    // A few words around it, the finding marked, its hidden characters as chips.
    if (f.context) {
      const ctx = ui.el('span', 'context');
      const mark = ui.payload(document, 'mark', null, f.context.match, names);
      // A run of hidden characters, as its count (the card lists them).
      if (f.context.hidden) {
        mark.append(ui.el('span', 'chip', t('popupHiddenRun', [String(f.context.hidden)])));
      }
      ctx.append(ui.payload(document, 'span', null, f.context.before, names), mark,
        ui.payload(document, 'span', null, f.context.after, names));
      li.append(ctx);
    }
    return li;
  }

  /** One line per kind: "2 × Invisible characters · 1 × Look-alike separators". */
  function kindsLine(listed) {
    const n = new Map();
    for (const [, x] of listed) n.set(x.kind, (n.get(x.kind) ?? 0) + 1);
    return [...n].map(([k, c]) => `${c} × ${words.kindWord(k)}`).join(' · ');
  }

  // Keyboard: the arrows (and j/k), Home and End move between the findings' buttons.
  list.addEventListener('keydown', (e) => {
    const buttons = [...list.querySelectorAll('button')];
    const i = buttons.indexOf(document.activeElement);
    if (i < 0) return;
    const to = { ArrowDown: i + 1, j: i + 1, ArrowUp: i - 1, k: i - 1, Home: 0,
      End: buttons.length - 1 }[e.key];
    if (to === undefined || !buttons[to]) return;
    e.preventDefault();
    buttons[to].focus();
    buttons[to].scrollIntoView({ block: 'nearest' });
  });

  let renders = 0;
  async function render() {
    const mine = ++renders;
    const rec = await record();
    const top = rec?.frames[0];
    const found = top ? await details(rec) : [];
    const listed = found.slice(0, MAX_LISTED);
    const names = listed.length ? await namesFor(listed) : {};
    if (mine !== renders) return true; // a newer render owns the list
    list.replaceChildren();
    $('scanNow').hidden = true;
    if (!top) return false;
    if (top.unreadable === 'canvas') {
      status.textContent = t('popupUnreadableCanvas');
    }
    const total = Object.values(rec.frames).reduce((n, f) => n + (f.count | 0), 0);
    if (top.unreadable !== 'canvas') {
      status.textContent = total ? t('popupCount', [String(total)]) : t('popupNone');
    }
    list.append(...listed.map(([frameId, x]) => item(x, frameId, names)));
    $('kinds').textContent = kindsLine(listed);
    $('kinds').hidden = !listed.length;
    // Findings without a box (not highlighted), and a page that took away the highlights.
    const sum = (k) => Object.values(rec.frames).reduce((n, f) => n + (f[k] | 0), 0);
    const unboxed = sum('unboxed');
    const taken = sum('taken');
    $('pageNote').hidden = !unboxed && !taken;
    $('pageNote').textContent = [unboxed ? t('popupUnboxed', [String(unboxed)]) : '',
      taken ? t('popupTaken', [String(taken)]) : ''].filter(Boolean).join(' ');
    $('more').hidden = found.length <= MAX_LISTED && !rec.full;
    $('more').textContent = [found.length > MAX_LISTED ? t('popupMore', [String(MAX_LISTED)]) : '',
      rec.full ? t('popupFramesFull') : ''].filter(Boolean).join(' ');
    const { origin } = rec;
    if (origin && origin !== 'null') {
      $('siteControls').hidden = false;
      $('highlight').checked = !(settings.quietSites ?? {})[origin];
      $('highlight').onchange = async () => {
        settings = await api.storage.local.get(['quietSites']);
        const qs = { ...(settings.quietSites ?? {}) };
        if ($('highlight').checked) delete qs[origin];
        else qs[origin] = true;
        settings.quietSites = qs;
        await api.storage.local.set({ quietSites: qs });
      };
    }
    return true;
  }

  /**
   * Injects the content script (the manifest's document_idle list: one list for both) into the
   * frames of the tab that lack it (a tab open before unmask was installed). A frame that has it
   * is left alone: its files declare lexical globals, and a second run would be refused.
   */
  async function inject() {
    const { js } = api.runtime.getManifest().content_scripts
      .find((c) => c.run_at === 'document_idle');
    const probes = await api.scripting.executeScript({
      target: { tabId, allFrames: true },
      func: () => Object.hasOwn(globalThis, Symbol.for('unmask.content')),
    });
    const frameIds = probes.filter((r) => r.result !== true).map((r) => r.frameId);
    if (frameIds.length) {
      await api.scripting.executeScript({ target: { tabId, frameIds }, files: js });
    }
  }

  /** Asks the top frame's content script how it is; injects it when it is not there. */
  async function probe() {
    try {
      return await api.tabs.sendMessage(tabId, { what: 'ping' }, { frameId: 0 });
    } catch {
      try {
        await inject();
        return await api.tabs.sendMessage(tabId, { what: 'ping' }, { frameId: 0 });
      } catch {
        return null;
      }
    }
  }

  $('options').addEventListener('click', (e) => {
    e.preventDefault();
    api.runtime.openOptionsPage().then(() => window.close(), () => {});
  });

  // The tab's counts changed: list again, at most every RENDER_GAP ms (a page may churn).
  const RENDER_GAP = 500;
  let renderTimer = 0;
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'session' || !Object.hasOwn(changes, `t:${tabId}`) || renderTimer) return;
    renderTimer = setTimeout(() => { renderTimer = 0; render(); }, RENDER_GAP);
  });

  if (tabId === undefined) {
    status.textContent = t('popupUnreadable');
    return;
  }
  if (await render()) return;
  const ping = await probe();
  if (!ping) {
    status.textContent = t('popupUnreadable');
    return;
  }
  if (ping.started) {
    status.textContent = t('popupScanning');
    return;
  }
  status.textContent = t('popupNotScanned');
  $('scanNow').hidden = false;
  $('scanNow').addEventListener('click', async () => {
    $('scanNow').hidden = true;
    status.textContent = t('popupScanning');
    try {
      await api.tabs.sendMessage(tabId, { what: 'scan-now' });
    } catch {
      status.textContent = t('popupUnreadable');
    }
  });
})();
