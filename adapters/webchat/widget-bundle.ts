/**
 * Builds the browser widget (widget/index.ts) with esbuild once, in memory, when the server
 * starts: `npm start` needs no separate build step and the served file is always current.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface WidgetBundle {
  code: string;
  bytes: number;
  gzippedBytes: number;
}

export async function bundleWidget(): Promise<WidgetBundle> {
  const entry = join(dirname(fileURLToPath(import.meta.url)), 'widget', 'index.ts');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    write: false,
    legalComments: 'none',
  });
  const code = result.outputFiles[0]?.text ?? '';
  return { code, bytes: Buffer.byteLength(code), gzippedBytes: gzipSync(code).length };
}
