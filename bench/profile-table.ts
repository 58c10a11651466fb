/**
 * A top-down table of a Node.js `.cpuprofile`: self time by function and by module (a package
 * under node_modules, a file of this project, or Node's own internals), as shares of the
 * profile's samples, so two runs on a busy machine can be compared by share, not by time.
 *
 *   npm run bench:profile-table -- <file.cpuprofile> [rows=15] [--last=<seconds>]
 * `--last` keeps only the profile's last seconds (the load, not the start-up's module loading);
 * shares are of the busy samples (idle left out). A third table sorts the same self time into
 * the kinds of work a request does (socket writes, HTTP, the Redis client, the engine…), the
 * table that compares the bot with the floor of bench:webchat.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const [file, rowsArg] = args.filter((arg) => !arg.startsWith('--'));
const LAST_US = Number(/^--last=(\d+)$/.exec(args.find((arg) => arg.startsWith('--last=')) ?? '')?.[1] ?? 0) * 1e6;
if (!file) throw new Error('usage: npm run bench:profile-table -- <file.cpuprofile> [rows]');
const ROWS = Number(rowsArg ?? 15);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

/** Where a frame comes from: the package, the project file, or the runtime. */
function moduleOf(url: string, functionName: string): string {
  if (url === '') return `(${functionName || 'native'})`;
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage) return inPackage[1] as string;
  if (url.startsWith('node:')) return url;
  const own = /\/((?:src|adapters|dialogs|bench)\/.+)$/.exec(url);
  return own ? (own[1] as string) : url;
}

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMicros = new Map<number, number>();
const span = profile.timeDeltas.reduce((sum, us) => sum + us, 0);
let at = 0;
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0;
  at += us;
  if (LAST_US > 0 && at < span - LAST_US) return;
  if (byId.get(id)?.callFrame.functionName === '(idle)') return;
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + us);
});
const total = [...selfMicros.values()].reduce((sum, us) => sum + us, 0);

function tally(name: (node: ProfileNode) => string): [string, number][] {
  const shares = new Map<string, number>();
  for (const [id, us] of selfMicros) {
    const node = byId.get(id);
    if (node) shares.set(name(node), (shares.get(name(node)) ?? 0) + us);
  }
  return [...shares].sort((a, b) => b[1] - a[1]).slice(0, ROWS);
}

const percent = (us: number) => `${((us / total) * 100).toFixed(1)}%`;
const table = (title: string, rows: [string, number][]) => {
  console.log(`\n| ${title} | self |\n| --- | ---: |`);
  for (const [name, us] of rows) console.log(`| ${name.replaceAll('|', '\\|')} | ${percent(us)} |`);
};

console.log(`${file.split('/').pop()}: ${(total / 1e6).toFixed(1)} s of busy samples`);
table(
  'module',
  tally((node) => moduleOf(node.callFrame.url, node.callFrame.functionName)),
);
table(
  'function (module)',
  tally((node) => {
    const { functionName, url } = node.callFrame;
    return `${functionName || '(anonymous)'} (${moduleOf(url, functionName)})`;
  }),
);

/**
 * The kind of work a frame does, for comparing two programs that do different things over the
 * same stack: the first rule that matches its function or file wins.
 */
const KINDS: [kind: string, matches: (functionName: string, url: string) => boolean][] = [
  ['socket writes', (name) => ['writeUtf8String', 'writev', 'writeString', 'writeBuffer'].includes(name)],
  ['garbage collection', (name) => name === '(garbage collector)'],
  ['Redis client (ioredis)', (_, url) => url.includes('node_modules/ioredis')],
  [
    'HTTP (restify, node:http)',
    (name, url) =>
      /node_modules\/(restify|find-my-way)\//.test(url) ||
      /^node:(_http|http|internal\/http)/.test(url) ||
      name === 'parserOnHeadersComplete',
  ],
  ['schema checks (zod)', (_, url) => url.includes('node_modules/zod')],
  ['logging (pino)', (_, url) => url.includes('node_modules/pino') || url.endsWith('src/log-output.ts')],
  ['engine and dialog', (_, url) => /\/(dialogs|src\/engine|src\/reports|src\/followups)\//.test(url)],
  ['store (keys, payload, records)', (_, url) => url.includes('/src/store/')],
  ['web chat route, body, tokens', (_, url) => /\/(adapters\/webchat|src\/http)\//.test(url)],
  ['the bench handler', (_, url) => url.includes('/bench/')],
  ['Node internals and other natives', (_, url) => url === '' || url.startsWith('node:')],
];

table(
  'kind of work',
  tally((node) => {
    const { functionName, url } = node.callFrame;
    if (functionName === '(program)') return '(program: VM entry and exit)';
    return KINDS.find(([, matches]) => matches(functionName, url))?.[0] ?? 'other';
  }),
);
