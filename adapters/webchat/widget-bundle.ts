/** The browser widget (widget/index.ts), bundled at start, with its size for the docs and the log. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundleBrowserScript } from '../../src/http/browser-bundle.js';

export interface WidgetBundle {
  code: string;
  bytes: number;
  gzippedBytes: number;
}

export async function bundleWidget(): Promise<WidgetBundle> {
  const code = await bundleBrowserScript(join(dirname(fileURLToPath(import.meta.url)), 'widget', 'index.ts'));
  return { code, bytes: Buffer.byteLength(code), gzippedBytes: gzipSync(code).length };
}
