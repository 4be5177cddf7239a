/**
 * Fills an extension page's `data-i18n` elements (textContent only) and sets its language.
 * Loaded after ext-compat.js; also exposes `unmaskI18n(key, subs)`.
 */
'use strict';
(() => {
  const api = globalThis.ext;
  const t = (key, subs) => api?.i18n?.getMessage(key, subs) || '';
  for (const el of document.querySelectorAll('[data-i18n]')) {
    const s = t(el.dataset.i18n);
    if (s) el.textContent = s;
  }
  const title = document.querySelector('h1[data-i18n]');
  if (title?.textContent) document.title = title.textContent;
  const ui = api?.i18n?.getUILanguage?.();
  if (ui) document.documentElement.lang = ui;
  globalThis.unmaskI18n = t;
})();
