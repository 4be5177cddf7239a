/**
 * A tiny static server for the fixture pages, on 127.0.0.1 and a random port. It records every
 * request (so tests can prove the extension sent none) and serves:
 *  - a fixture page written without its boilerplate (no doctype: its leading <title>, <meta> and
 *    <link> lines, then its body) in the one page template (page());
 *  - `csp-*.html` with `Content-Security-Policy: script-src 'self'` (no 'wasm-unsafe-eval'), and
 *    `csp-tt*.html` with a strict policy that also requires Trusted Types; a `csp-X.html` without
 *    a file of its own is `X.html` under that policy;
 *  - `/seen?...`: a beacon the Firefox fixture page itself calls once it sees highlights;
 *  - `/slow?ms=N`: a 1-pixel image sent after N ms (at most 5 s), to hold back a page's `load`;
 *  - `/ext/...`: the `extension/` folder itself, as any static web server would serve it (the
 *    text checker must work there without the extension);
 *  - `/built/...`: `test-output/editors/`, the editor pages' bundles a test built with esbuild
 *    (fixtures/editors/README.md).
 */
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, 'fixtures');
const EXT_ROOT = path.resolve(HERE, '..', '..', 'extension');
export const BUILT_ROOT = path.resolve(HERE, '..', '..', 'test-output', 'editors');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm',
  '.png': 'image/png' };

/**
 * A fixture page in full: `text` as it is when it has its own doctype, else a fragment (its
 * leading <title>, <meta> and <link> lines, then its body) in the page template every fixture
 * shares.
 */
function page(text) {
  if (/^<!doctype/i.test(text)) return text;
  const lines = text.replace(/\n$/, '').split('\n');
  let head = 0;
  while (head < lines.length && /^<(title|meta|link)\b/.test(lines[head])) head++;
  return ['<!doctype html>', '<html lang="en">', '<head>', '<meta charset="utf-8">',
    ...lines.slice(0, head), '</head>', '<body>', ...lines.slice(head), '</body>', '</html>', '']
    .join('\n');
}

/** The file a fixture path is read from: `csp-X.html` falls back to `X.html`. */
async function fixtureFile(file) {
  const name = path.basename(file);
  const plain = path.join(path.dirname(file), name.replace(/^csp-/, ''));
  if (plain === file) return file;
  return fs.access(file).then(() => file, () => plain);
}

export async function startServer() {
  const requests = [];
  const seen = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    requests.push(url.pathname + url.search);
    if (url.pathname === '/seen') {
      seen.push(Object.fromEntries(url.searchParams));
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/slow') {
      // A resource that arrives late (at most 5 s), holding back the page's `load` event.
      const ms = Math.min(5000, Number(url.searchParams.get('ms')) || 0);
      setTimeout(() => res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'no-store' })
        .end('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'), ms);
      return;
    }
    const ext = url.pathname.startsWith('/ext/');
    const built = url.pathname.startsWith('/built/');
    const base = ext ? EXT_ROOT : built ? BUILT_ROOT : ROOT;
    const rel = ext ? url.pathname.slice(4) : built ? url.pathname.slice(6) : url.pathname;
    const file = path.normalize(path.join(base, rel === '/' ? 'index.html' : rel));
    if (!file.startsWith(base + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const raw = await fs.readFile(ext || built ? file : await fixtureFile(file));
      const body = !ext && !built && path.extname(file) === '.html' ? page(raw.toString('utf8')) : raw;
      const headers = { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store' };
      if (path.basename(file).startsWith('csp-tt')) {
        // Strict: no inline script or style, nothing from elsewhere, Trusted Types for script.
        headers['content-security-policy'] = "default-src 'self'; script-src 'self'; style-src 'self'; "
          + "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
          + "require-trusted-types-for 'script'; trusted-types 'none'";
      } else if (path.basename(file).startsWith('csp-')) {
        headers['content-security-policy'] = "script-src 'self'";
      }
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    requests,
    seen,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}
