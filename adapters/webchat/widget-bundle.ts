/** The browser widget (widget/index.ts), bundled at start, with its size for the docs and the log. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundleBrowserScript } from '../../src/http/browser-bundle.js';
import type { BubbleTheme } from './widget/theme.js';

export interface WidgetBundle {
  code: string;
  bytes: number;
  gzippedBytes: number;
}

/** The widget with the survey's theme written in, so the launcher is drawn right before any request. */
export async function bundleWidget(theme: BubbleTheme): Promise<WidgetBundle> {
  const entry = join(dirname(fileURLToPath(import.meta.url)), 'widget', 'index.ts');
  const code = await bundleBrowserScript(entry, { __NPSBOT_THEME__: JSON.stringify(theme) });
  return { code, bytes: Buffer.byteLength(code), gzippedBytes: gzipSync(code).length };
}
