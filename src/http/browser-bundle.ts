/**
 * Bundles a browser script (TypeScript with its npm imports) once, in memory, with esbuild when
 * the server starts: the bubble and the dashboard are served with the app, from no CDN, and
 * `npm start` needs no build step.
 */
import { build } from 'esbuild';

/** `define`: names the script reads that are replaced by these JSON values (esbuild's `define`). */
export async function bundleBrowserScript(entry: string, define: Record<string, string> = {}): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    write: false,
    legalComments: 'none',
    define,
  });
  return result.outputFiles[0]?.text ?? '';
}
