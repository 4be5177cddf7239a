/**
 * unmask text checker: paste or type text, see every hidden or look-alike character as a chip
 * holding its code point, the findings with their explanations, the decoded payloads, and copy
 * the cleaned text or the report (JSON, with the text's sha256) as evidence.
 *
 * Works in two places with the same code:
 *  - as the extension's page (from the popup, the context menu, or directly), where a text
 *    sent by "Check with unmask" waits in storage.session under the key in the URL's hash;
 *  - as a plain web page, when `extension/` (after `make`) is served by any static web server
 *    (`python3 -m http.server -d extension`): no extension API, so the strings come from
 *    `_locales/` over the same origin.
 * Either way the WebAssembly core runs here, in this page (the extension's pages may compile
 * WebAssembly: 'wasm-unsafe-eval' in their CSP), and the text never leaves it. Every string from
 * the text or the report is set with textContent.
 */
const ext = globalThis.browser ?? globalThis.chrome;
const inExtension = Boolean(ext?.runtime?.id && ext?.i18n?.getMessage);
const $ = (id) => document.getElementById(id);
const ui = globalThis.unmaskUi;
ui.adopt(document);
/** Most characters drawn as chips; a text with more shows the rest as plain text. */
const MAX_CHIPS = 20000;
const SEV_RANK = { low: 0, medium: 1, high: 2 };

/** Chrome-style messages.json lookup, for the static page. */
function formatter(messages) {
  return (key, subs = []) => {
    const m = messages[key];
    if (!m) return '';
    const list = Array.isArray(subs) ? subs : [subs];
    const ph = m.placeholders ?? {};
    return m.message
      .replace(/\$([A-Za-z0-9_@]+)\$/g, (all, name) => ph[name.toLowerCase()]?.content ?? all)
      .replace(/\$(\d)/g, (all, n) => list[Number(n) - 1] ?? '')
      .replace(/\$\$/g, '$');
  };
}

async function loadStrings() {
  if (inExtension) {
    return {
      t: (k, subs) => ext.i18n.getMessage(k, subs) || '',
      lang: ext.i18n.getMessage('coreLang') === 'zh-CN' ? 'zh-CN' : 'en',
      ui: ext.i18n.getUILanguage?.() ?? 'en',
    };
  }
  const zh = /^zh/i.test(navigator.language ?? '');
  const dir = zh ? 'zh_CN' : 'en';
  try {
    const res = await fetch(`_locales/${dir}/messages.json`);
    return { t: formatter(await res.json()), lang: zh ? 'zh-CN' : 'en', ui: zh ? 'zh-CN' : 'en' };
  } catch {
    return { t: () => '', lang: 'en', ui: 'en' };
  }
}

const { t, lang, ui: uiLang } = await loadStrings();
const msg = (key, subs) => t(key, subs) || key;
for (const el of document.querySelectorAll('[data-i18n]')) {
  const s = t(el.dataset.i18n);
  if (s) el.textContent = s;
}
document.title = t('checkerTitle') || document.title;
document.documentElement.lang = uiLang;
if (!inExtension) {
  $('mode').hidden = false;
  $('mode').textContent = msg('checkerStatic');
}

const status = $('status');
status.textContent = msg('checkerLoading');
let core;
try {
  core = await import('./wasm/unmask.js');
  await core.default({ module_or_path: new URL('./wasm/unmask_bg.wasm', import.meta.url) });
  status.textContent = '';
} catch (err) {
  status.textContent = msg('checkerLoadFailed', [String(err?.message ?? err)]);
  throw err;
}

const words = ui.words(t);
const { hex, el } = ui;

let last = null; // {text, report, cleaned}

/**
 * The core's names of the characters a report's findings and payloads hold, and of the text's
 * flagged characters (`flagged`: offset → severity; more than a finding's 16 listed) (js/ui.js).
 */
function namesOf(text, report, flagged) {
  let chipped = '';
  for (const i of flagged.keys()) chipped += String.fromCodePoint(text.codePointAt(i));
  const cps = ui.namedCodePoints(report.findings, [...report.payloads.map((p) => p.text), chipped]);
  return ui.nameTable(cps, core.char_names(Uint32Array.from(cps)));
}

/**
 * Flagged characters: UTF-16 offset → severity, for each code point inside a finding's range
 * that the finding lists in `chars` or that cannot be shown as itself (a finding's range can
 * hold ordinary letters around them). The chips come from the text: `chars` stops at 16
 * distinct code points, and a 52-character tag run must show all 52.
 */
function flaggedPositions(text, report) {
  const at = new Map();
  for (const f of report.findings) {
    const listed = new Set(f.chars);
    for (let i = f.start_utf16; i < f.end_utf16 && i < text.length;) {
      const cp = text.codePointAt(i);
      const len = cp > 0xffff ? 2 : 1;
      if (listed.has(hex(cp)) || ui.cannotShow(String.fromCodePoint(cp))) {
        const prev = at.get(i);
        if (!prev || SEV_RANK[f.severity] > SEV_RANK[prev]) at.set(i, f.severity);
      }
      i += len;
    }
  }
  return at;
}

/** The text, with each flagged character drawn as a chip holding its code point. */
function render(text, flagged, names) {
  const frag = document.createDocumentFragment();
  const stop = ui.render(frag, text, (i) => flagged.get(i), MAX_CHIPS, names);
  if (stop >= 0) frag.append(text.slice(stop));
  $('rendered').replaceChildren(frag);
}

function renderFindings(report, names) {
  const list = $('findings');
  list.replaceChildren();
  $('none').hidden = report.findings.length > 0;
  for (const f of report.findings) {
    const li = el('li');
    li.append(el('span', `sev ${f.severity}`, words.sevLabel(f.severity)));
    li.append(el('span', 'kind', words.kindWord(f.kind)));
    li.append(el('span', 'where', msg('checkerAt', [String(f.start_utf16 + 1), String(f.end_utf16)])));
    li.append(el('p', null, f.explanation));
    const named = f.chars.slice(0, 8).map((u) => ui.describeChar(u, names));
    if (f.chars.length > 8) named.push(msg('cardMoreChars', [String(f.chars.length - 8)]));
    li.append(el('p', 'chars', named.join(' · ')));
    list.append(li);
  }
  $('truncated').hidden = !report.truncated;
}

function renderPayloads(report, names) {
  const box = $('payloads');
  box.replaceChildren();
  $('payloadBox').hidden = !report.payloads.length;
  for (const p of report.payloads) {
    box.append(el('h3', null, msg('cardPayload', [p.scheme, String(Math.round(p.confidence * 100))])));
    if (p.text != null) box.append(ui.payload(document, 'div', 'payload', p.text, names));
    else box.append(el('p', null, msg(p.encrypted ? 'payloadEncrypted' : 'payloadUnreadable')));
    if (p.truncated) box.append(el('p', null, msg('payloadTruncated')));
    if (p.label) box.append(el('p', null, msg('payloadLabel', [p.label])));
    if (p.sensitive) box.append(el('p', 'warn', msg('payloadSensitive')));
    if (p.explanation) box.append(el('p', 'note', p.explanation));
  }
}

function run() {
  const text = $('input').value;
  $('copyStatus').textContent = '';
  if (!text) {
    $('results').hidden = true;
    status.textContent = msg('checkerEmpty');
    last = null;
    return;
  }
  status.textContent = '';
  let report;
  try {
    report = core.scan(text, { lang, sha256: true, max_findings: 1000 });
  } catch (err) {
    status.textContent = String(err?.message ?? err);
    return;
  }
  last = { text, report, cleaned: report.findings.length ? core.clean(text) : text };
  $('results').hidden = false;
  $('verdict').textContent = msg(`checkerVerdict_${report.verdict.replace(/-/g, '_')}`);
  const flagged = flaggedPositions(text, report);
  const names = namesOf(text, report, flagged);
  render(text, flagged, names);
  renderFindings(report, names);
  renderPayloads(report, names);
  $('sha').textContent = msg('checkerSha', [report.sha256 ?? '']);
  $('tool').textContent = msg('checkerTool', [report.tool.name, report.tool.version, report.tool.unicode]);
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = el('textarea');
    ta.value = text;
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.append(ta);
    ta.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch { ok = false; }
    ta.remove();
    return ok;
  }
}

async function copyAndSay(text) {
  $('copyStatus').textContent = msg(await copy(text) ? 'checkerCopied' : 'checkerCopyFailed');
}

$('copyClean').addEventListener('click', () => { if (last) copyAndSay(last.cleaned); });
$('copyReport').addEventListener('click', () => {
  if (last) copyAndSay(`${JSON.stringify(last.report, null, 2)}\n`);
});

let timer = 0;
$('input').addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(run, 120);
});

/** A text sent by the context menu: read once from storage.session, then forgotten. */
async function sentText() {
  const key = location.hash.slice(1);
  if (!inExtension || !/^[0-9a-f]{24}$/.test(key)) return null;
  history.replaceState(null, '', location.pathname);
  try {
    const k = `c:${key}`;
    const got = await ext.storage.session.get(k);
    await ext.storage.session.remove(k);
    return typeof got[k] === 'string' ? got[k] : null;
  } catch {
    return null;
  }
}

const sent = await sentText();
if (sent) $('input').value = sent;
run();
$('input').focus();
document.documentElement.dataset.ready = '1';

// <test-hook>: tools/dist.py leaves everything up to </test-hook> out of the store packages.
/** Read-only view for the end-to-end tests. */
globalThis.unmaskChecker = Object.freeze({
  state: () => (last ? {
    text: last.text, cleaned: last.cleaned, verdict: last.report.verdict, sha256: last.report.sha256,
  } : null),
});
// </test-hook>
