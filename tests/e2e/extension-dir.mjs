/**
 * Where the unpacked extension under test is. Normally `extension/` as `make` leaves it (with
 * the built core in `extension/wasm/`). With `UNMASK_E2E_CORE=mock` (only for working on the
 * extension before the core is built), a copy with tests/e2e/mock-core's stand-in instead.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
export const OUT = path.join(REPO, 'test-output');

export function extensionDir() {
  const src = path.join(REPO, 'extension');
  if (process.env.UNMASK_E2E_CORE === 'mock') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unmask-ext-'));
    fs.cpSync(src, dir, { recursive: true });
    fs.mkdirSync(path.join(dir, 'wasm'), { recursive: true });
    fs.copyFileSync(path.join(HERE, 'mock-core', 'unmask.js'), path.join(dir, 'wasm', 'unmask.js'));
    fs.writeFileSync(path.join(dir, 'wasm', 'unmask_bg.wasm'), '');
    return dir;
  }
  for (const f of ['unmask.js', 'unmask_bg.wasm']) {
    if (!fs.existsSync(path.join(src, 'wasm', f))) {
      throw new Error(`extension/wasm/${f} is missing: run make first (or UNMASK_E2E_CORE=mock)`);
    }
  }
  return src;
}
