/** The dashboard's browser code (client/main.ts with the parts of Chart.js it uses), bundled at start. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleBrowserScript } from '../http/browser-bundle.js';

export function bundleDashboard(): Promise<string> {
  return bundleBrowserScript(join(dirname(fileURLToPath(import.meta.url)), 'client', 'main.ts'));
}
