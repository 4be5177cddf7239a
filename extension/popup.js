/**
 * unmask popup: what was found in the active tab, jump-to, the per-site highlight switch, the
 * scan mode, and a way to the checker. Reads the frames' summaries from storage.session (the
 * background writes them) and talks to the tab's content scripts for jump-to and scan-now.
 * Every string from a page goes through textContent.
 */
'use strict';
(async () => {
  const api = globalThis.ext;
  const t = globalThis.unmaskI18n;
  const chips = globalThis.unmaskChips;
  chips.adopt(document);
  const $ = (id) => document.getElementById(id);
  const status = $('status');
  const list = $('list');

  // popup.html?tab=<id> shows another tab (the page opened in a tab of its own, as the tests
  // do; only the extension can open its pages, none is web-accessible).
  const asked = Number.parseInt(new URLSearchParams(location.search).get('tab') ?? '', 10);
  const [tab] = Number.isInteger(asked) ? [{ id: asked }]
    : await api.tabs.query({ active: true, currentWindow: true });
  const tabId = tab?.id;
  const prefix = `f:${tabId}:`;
  let settings = await api.storage.local.get(['scanMode', 'quietSites']);
  const mode = settings.scanMode === 'asked' ? 'asked' : 'always';
  for (const r of document.querySelectorAll('input[name=mode]')) {
    r.checked = r.value === mode;
    r.addEventListener('change', () => {
      if (r.checked) api.storage.local.set({ scanMode: r.value });
    });
  }

  /** The summaries of the tab's frames, top frame first. */
  async function frames() {
    const all = await api.storage.session.get(null);
    return Object.entries(all).filter(([k]) => k.startsWith(prefix)).map(([, v]) => v)
      .sort((a, b) => a.frameId - b.frameId);
  }

  function item(f, frameId) {
    const li = document.createElement('li');
    const sev = document.createElement('span');
    sev.className = `sev ${f.severity}`;
    const shape = { high: '▲', medium: '◆', low: '●' }[f.severity] ?? '●';
    sev.textContent = `${shape} ${t(`severity_${f.severity}`)}`;
    const what = document.createElement('span');
    what.className = 'what';
    what.textContent = t(`kind_${f.kind.replace(/-/g, '_')}`) || f.kind;
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
    const shown = f.chars.slice(0, 3).map((c) => globalThis.unmaskChars.describeChar(c));
    if (f.chars.length > 3) shown.push(`+${f.chars.length - 3}`);
    bits.push(shown.join(', '));
    if (f.where === 'attr') bits.push(t('popupInAttr'));
    if (f.where === 'field') bits.push(t('popupInField'));
    if (f.unboxed) bits.push(t('popupNotShown'));
    const rest = bits.filter(Boolean).join(' · ');
    // The decoded payload, its controls and invisible characters as chips (js/chips.js).
    const detail = f.payload == null ? document.createElement('span')
      : chips.payloadLine(document, 'span', null, (sub) => t('popupPayload', [sub]), f.payload);
    detail.className = 'detail';
    detail.append(f.payload != null && rest ? ` · ${rest}` : rest);
    li.append(sev, what, jump, detail);
    return li;
  }

  async function render() {
    const fs = await frames();
    const top = fs.find((f) => f.frameId === 0);
    list.replaceChildren();
    $('scanNow').hidden = true;
    if (!top) return false;
    if (top.unreadable === 'canvas') {
      status.textContent = t('popupUnreadableCanvas');
    }
    const total = fs.reduce((n, f) => n + f.count, 0);
    if (top.unreadable !== 'canvas') {
      status.textContent = total ? t('popupCount', [String(total)]) : t('popupNone');
    }
    for (const f of fs) for (const x of f.findings) list.append(item(x, f.frameId));
    const origin = top.origin;
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

  /** Asks the top frame's content script how it is; injects it when it is not there. */
  async function probe() {
    try {
      return await api.tabs.sendMessage(tabId, { what: 'ping' }, { frameId: 0 });
    } catch {
      try {
        await api.scripting.executeScript({
          target: { tabId, allFrames: true },
          files: ['js/ext-compat.js', 'js/early-styles.js', 'js/settings.js', 'js/charnames.js',
            'js/chips.js', 'content.js'],
        });
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

  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'session' && Object.keys(changes).some((k) => k.startsWith(prefix))) render();
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
