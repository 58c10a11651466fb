/**
 * Start-up on a port that is taken: the real process (`src/main.ts`, as `npm start` runs it)
 * says so in one line naming `PORT` and exits non-zero, like every other configuration error,
 * instead of a Node stack trace.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';

let holder: Server;
let port: number;

beforeAll(async () => {
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const address = holder.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  port = address.port;
});

afterAll(async () => {
  await new Promise((resolve) => holder.close(resolve));
});

function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, LOG_LEVEL: 'warn', REDIS_URL: '', NPSBOT_SURVEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr, stdout })));
}

it('a port already in use stops start-up with one line naming PORT and a non-zero exit', async () => {
  const { code, stderr, stdout } = await start({ PORT: String(port), HOST: '127.0.0.1' });
  expect(code).not.toBe(0);
  expect(code).not.toBeNull();
  expect(stderr.trimEnd().split('\n')).toEqual([
    `npsbot: PORT: port ${port} on 127.0.0.1 is already in use (another process listens on it); stop it or set another PORT`,
  ]);
  expect(stderr).not.toMatch(/\s+at /);
  // Nothing claimed to be listening.
  expect(stdout).not.toMatch(/listening/);
});
