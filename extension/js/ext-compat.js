/**
 * One name for the WebExtension API in Chrome and Firefox.
 *
 * Firefox exposes promise-based `browser.*`; Chrome exposes `chrome.*`, which returns promises
 * in Manifest V3. Loaded first as a classic script (content script, popup) and imported for its
 * side effect by the background module, so it declares nothing but `globalThis.ext`.
 *
 * Only own properties of this world's global object are read. In a content script a page's
 * elements show through named access on `window` (`<div id="browser">`, nested as
 * `<form id="browser"><input name="runtime">`), on the prototype chain: never own properties.
 */
'use strict';
{
  const own = (name) => (Object.hasOwn(globalThis, name) ? globalThis[name] : undefined);
  Object.defineProperty(globalThis, 'ext', {
    value: own('browser') ?? own('chrome'), configurable: true, enumerable: false, writable: false,
  });
}
