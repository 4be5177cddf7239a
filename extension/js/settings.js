/**
 * The settings unmask keeps in `storage.local`, their defaults, and how a stored value is read
 * back (anything malformed becomes the default). Loaded as a classic script by the content
 * script and the extension's pages, and imported for its side effect by the background module,
 * so it declares nothing but `globalThis.unmaskSettings`.
 */
'use strict';
(() => {
  const SEVERITIES = ['low', 'medium', 'high'];
  const PASTE_MODES = ['off', 'warn', 'clean'];
  /** Every key, with its default. `syncSettings` itself is never synced. */
  const DEFAULTS = Object.freeze({
    scanMode: 'always', // 'always' | 'asked'
    quietSites: {}, // {origin: true}: no highlights, notices or paste offers there
    minSeverity: 'medium', // lowest severity highlighted and counted
    kindsOff: {}, // {kind: true}: kinds not highlighted (names from the core's `kinds()`)
    pasteGuard: 'warn', // 'off' | 'warn' | 'clean'
    copyCheck: true, // a notice when a copied selection holds hidden characters
    syncSettings: false, // mirror the settings in storage.sync (off: nothing leaves the machine)
  });
  const KEYS = Object.keys(DEFAULTS);
  const SYNCED = KEYS.filter((k) => k !== 'syncSettings');

  const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

  /** A map of `true`s keyed by strings of up to `longest` chars, at most `most` of them. */
  function trueMap(v, longest = 300, most = Infinity) {
    const out = {};
    if (!isPlainObject(v)) return out;
    let n = 0;
    for (const [k, x] of Object.entries(v)) {
      if (x === true && k.length <= longest && n < most) {
        out[k] = true;
        n += 1;
      }
    }
    return out;
  }

  /** The stored values of `raw` (a storage `get` result), each valid or its default. */
  function normalize(raw) {
    const r = isPlainObject(raw) ? raw : {};
    return {
      scanMode: r.scanMode === 'asked' ? 'asked' : 'always',
      quietSites: trueMap(r.quietSites),
      minSeverity: SEVERITIES.includes(r.minSeverity) ? r.minSeverity : DEFAULTS.minSeverity,
      // The kinds are the core's (the wasm export `kinds()`), which this file cannot ask: any
      // short name is kept, and one the core does not know is never shown nor matched (the
      // options page lists the core's kinds; a finding's kind is the core's).
      kindsOff: trueMap(r.kindsOff, 40, 64),
      pasteGuard: PASTE_MODES.includes(r.pasteGuard) ? r.pasteGuard : DEFAULTS.pasteGuard,
      copyCheck: typeof r.copyCheck === 'boolean' ? r.copyCheck : DEFAULTS.copyCheck,
      syncSettings: r.syncSettings === true,
    };
  }

  globalThis.unmaskSettings = Object.freeze({
    SEVERITIES, PASTE_MODES, DEFAULTS, KEYS, SYNCED, normalize,
  });
})();
