/** Starts a Node.js program of this project as its own process and waits for its "listening … <port>" line. */
import { type ChildProcess, spawn } from 'node:child_process';

export function startListening(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const port = /listening (?:on port )?(\d+)/.exec(seen)?.[1];
      if (!port) return;
      // Keep draining its output so the process never blocks on a full pipe.
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      resolve({ child, port: Number(port) });
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${seen.slice(-500)}`)));
  });
}
