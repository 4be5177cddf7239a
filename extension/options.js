/**
 * unmask options: which severities and kinds are highlighted, the scan mode, the paste guard
 * and copy check, the quiet sites, the shortcut, and the opt-in sync. Every change is saved at
 * once in storage.local (the background mirrors it in storage.sync only when sync is on).
 * Page-independent: no page text is shown here; site origins are set with textContent.
 */
'use strict';
(async () => {
  const api = globalThis.ext;
  const S = globalThis.unmaskSettings;
  const t = globalThis.unmaskI18n;
  const $ = (id) => document.getElementById(id);
  let prefs = S.normalize(await api.storage.local.get(S.KEYS));

  let savedTimer = 0;
  async function save(patch) {
    prefs = S.normalize({ ...prefs, ...patch });
    const out = {};
    for (const k of Object.keys(patch)) out[k] = prefs[k];
    await api.storage.local.set(out);
    $('saved').textContent = t('optionsSaved');
    clearTimeout(savedTimer);
    savedTimer = setTimeout(() => { $('saved').textContent = ''; }, 2500);
  }

  // Kinds: the core's (the background runs it), one switch each, on unless listed in kindsOff.
  const answer = await api.runtime.sendMessage({ what: 'kinds' }).catch(() => null);
  const kinds = answer?.ok && Array.isArray(answer.result) ? answer.result : [];
  for (const kind of kinds.filter((k) => typeof k === 'string')) {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.name = 'kind';
    box.value = kind;
    const span = document.createElement('span');
    span.textContent = ` ${t(`kind_${kind.replace(/-/g, '_')}`) || kind}`;
    label.append(box, span);
    $('kinds').append(label);
    box.addEventListener('change', () => {
      // Only the core's kinds are kept: a name it no longer knows (an older version's) goes.
      const off = Object.fromEntries(kinds.filter((k) => prefs.kindsOff[k]).map((k) => [k, true]));
      if (box.checked) delete off[kind];
      else off[kind] = true;
      save({ kindsOff: off });
    });
  }

  for (const name of ['minSeverity', 'scanMode', 'pasteGuard']) {
    for (const r of document.querySelectorAll(`input[name=${name}]`)) {
      r.addEventListener('change', () => { if (r.checked) save({ [name]: r.value }); });
    }
  }
  $('copyCheck').addEventListener('change', () => save({ copyCheck: $('copyCheck').checked }));
  $('syncSettings').addEventListener('change', () => save({ syncSettings: $('syncSettings').checked }));

  function renderQuiet() {
    const list = $('quiet');
    list.replaceChildren();
    const origins = Object.keys(prefs.quietSites).sort();
    $('quietNone').hidden = origins.length > 0;
    for (const o of origins) {
      const li = document.createElement('li');
      const name = document.createElement('span');
      name.textContent = o;
      const rm = document.createElement('button');
      rm.type = 'button';
      rm.textContent = t('optionsQuietRemove');
      rm.setAttribute('aria-label', `${t('optionsQuietRemove')}: ${o}`);
      rm.addEventListener('click', () => {
        const qs = { ...prefs.quietSites };
        delete qs[o];
        save({ quietSites: qs }).then(renderQuiet);
      });
      li.append(name, rm);
      list.append(li);
    }
  }

  function addQuiet() {
    const raw = $('quietAdd').value.trim();
    let origin = null;
    try {
      const u = new URL(/^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`);
      if (/^(https?|file):$/.test(u.protocol) && u.origin !== 'null') origin = u.origin;
    } catch { /* not a URL */ }
    $('quietError').textContent = origin ? '' : t('optionsQuietBad');
    if (!origin) return;
    $('quietAdd').value = '';
    save({ quietSites: { ...prefs.quietSites, [origin]: true } }).then(renderQuiet);
  }
  $('quietAddButton').addEventListener('click', addQuiet);
  $('quietAdd').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      addQuiet();
    }
  });

  /** Shows the stored settings in the form. */
  function fill() {
    for (const name of ['minSeverity', 'scanMode', 'pasteGuard']) {
      for (const r of document.querySelectorAll(`input[name=${name}]`)) r.checked = r.value === prefs[name];
    }
    for (const box of document.querySelectorAll('input[name=kind]')) box.checked = !prefs.kindsOff[box.value];
    $('copyCheck').checked = prefs.copyCheck;
    $('syncSettings').checked = prefs.syncSettings;
    renderQuiet();
  }

  // Another page (the popup, the shortcut, sync) changed a setting: show it.
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !Object.keys(changes).some((k) => S.KEYS.includes(k))) return;
    api.storage.local.get(S.KEYS).then((s) => {
      prefs = S.normalize(s);
      fill();
    });
  });

  // The shortcut as the browser has it (the person may have changed it).
  try {
    const cmds = await api.commands.getAll();
    const key = cmds.find((c) => c.name === 'toggle-highlighting')?.shortcut;
    const p = $('shortcut');
    p.textContent = t('optionsShortcutNote', [key || t('optionsShortcutUnset')]);
  } catch { /* no commands API */ }

  fill();
  document.documentElement.dataset.ready = '1';
})();
