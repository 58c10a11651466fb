/**
 * Bundles the dashboard's browser code (client/main.ts with the parts of Chart.js it uses)
 * once, in memory, when the server starts: nothing is fetched from a CDN and `npm start`
 * needs no build step.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export async function bundleDashboard(): Promise<string> {
  const entry = join(dirname(fileURLToPath(import.meta.url)), 'client', 'main.ts');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    write: false,
    legalComments: 'none',
  });
  return result.outputFiles[0]?.text ?? '';
}
