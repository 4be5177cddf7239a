/**
 * Bundles the editor fixture pages' sources (tests/e2e/fixtures/editors/*.js, each importing
 * its editor from node_modules at the version package.json pins) with esbuild into
 * test-output/editors/, which the fixture server serves as /built/. Nothing built is in git.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILT_ROOT } from './server.mjs';

const SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'editors');

/** Builds every editor page's bundle (and its CSS, where the editor has some). */
export async function buildEditors() {
  const esbuild = await import('esbuild');
  const entryPoints = fs.readdirSync(SRC).filter((f) => f.endsWith('.js')).map((f) => path.join(SRC, f));
  fs.rmSync(BUILT_ROOT, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    bundle: true,
    outdir: BUILT_ROOT,
    format: 'iife',
    loader: { '.ttf': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
}
