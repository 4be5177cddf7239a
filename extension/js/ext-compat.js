/**
 * One name for the WebExtension API in Chrome and Firefox.
 *
 * Firefox exposes promise-based `browser.*`; Chrome exposes `chrome.*`, which returns promises
 * in Manifest V3. Loaded first as a classic script (content script, popup) and imported for its
 * side effect by the background module, so it declares nothing but `globalThis.ext`.
 */
'use strict';
globalThis.ext = globalThis.browser ?? globalThis.chrome;
