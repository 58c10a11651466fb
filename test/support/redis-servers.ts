/**
 * Throwaway redis-server processes for tests that need more than the shared server on 6379:
 * a standalone server the test may kill, restart, reconfigure, fill or flush (fault tests),
 * and a real 3-master Redis Cluster. Each lives in its own temporary folder (`--dir`) on a
 * free port; by default it keeps nothing on disk (`--save "" --appendonly no`), and extra
 * arguments override that (`['--appendonly', 'yes']`, `['--maxmemory-policy', 'allkeys-lru']`).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A port that is free now, and whose cluster-bus twin (+10000) is free too. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    if ((await isFree(port)) && (await isFree(port + 10000))) return port;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)))
      .listen(port, '127.0.0.1');
  });
}

async function waitForPing(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      const { stdout } = await run('redis-cli', ['-p', String(port), 'ping']);
      if (stdout.trim() === 'PONG') return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server on ${port} did not answer`);
}

export class RedisProcess {
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'npsbot-redis-'));

  constructor(
    readonly port: number,
    private readonly extraArgs: string[] = [],
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.dir,
        ...this.extraArgs,
      ],
      { stdio: 'ignore' },
    );
    await waitForPing(this.port);
  }

  /** Kills the server at once, as a crash would. */
  stop(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** Stops the server the way an operator restart does: SIGTERM, so it writes what it keeps. */
  stopGracefully(): Promise<void> {
    return this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A private standalone server; `extraArgs` come after the defaults, so they win (redis-server keeps the last). */
export async function startStandaloneRedis(extraArgs: string[] = []): Promise<RedisProcess> {
  const server = new RedisProcess(await freePort(), extraArgs);
  await server.start();
  return server;
}

export interface LocalCluster {
  seeds: string;
  ports: number[];
  destroy(): Promise<void>;
}

/** Three masters joined with `redis-cli --cluster create`, ready when cluster_state is ok. */
export async function startLocalCluster(): Promise<LocalCluster> {
  const ports: number[] = [];
  while (ports.length < 3) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const nodes = ports.map(
    (port) => new RedisProcess(port, ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`]),
  );
  await Promise.all(nodes.map((node) => node.start()));
  await run('redis-cli', [
    '--cluster',
    'create',
    ...ports.map((port) => `127.0.0.1:${port}`),
    '--cluster-replicas',
    '0',
    '--cluster-yes',
  ]);
  for (let i = 0; i < 200; i++) {
    const states = await Promise.all(ports.map((port) => run('redis-cli', ['-p', String(port), 'cluster', 'info'])));
    if (states.every(({ stdout }) => stdout.includes('cluster_state:ok'))) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    seeds: ports.map((port) => `127.0.0.1:${port}`).join(','),
    ports,
    destroy: async () => {
      await Promise.all(nodes.map((node) => node.destroy()));
    },
  };
}
