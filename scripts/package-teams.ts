/**
 * Builds the Teams app package (manifest.json + icons in one zip) for sideloading or the
 * Teams admin centre:  npm run teams:package -- --app-id <MICROSOFT_APP_ID> --domain bot.example.com
 * Writes dist/npsbot-teams.zip.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { zip } from './zip.js';

const { values } = parseArgs({
  options: {
    'app-id': { type: 'string' },
    domain: { type: 'string' },
    out: { type: 'string', default: 'dist/npsbot-teams.zip' },
  },
});
const appId = values['app-id'];
const domain = values.domain;
if (!appId || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(appId) || !domain) {
  process.stderr.write(
    "usage: npm run teams:package -- --app-id <the bot's Microsoft App ID (a GUID)> --domain <your bot host name>\n",
  );
  process.exit(2);
}
const host = domain.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
const manifest = readFileSync('teams/manifest.json', 'utf8')
  .replaceAll('{{MICROSOFT_APP_ID}}', appId)
  .replaceAll('{{BOT_DOMAIN}}', host);
JSON.parse(manifest); // still valid JSON after the substitutions
const out = values.out ?? 'dist/npsbot-teams.zip';
mkdirSync(out.replace(/\/[^/]*$/, '') || '.', { recursive: true });
writeFileSync(
  out,
  zip([
    { name: 'manifest.json', data: Buffer.from(manifest) },
    { name: 'color.png', data: readFileSync('teams/color.png') },
    { name: 'outline.png', data: readFileSync('teams/outline.png') },
  ]),
);
process.stdout.write(`wrote ${out}\n`);
