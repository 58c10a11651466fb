/**
 * The log's output (src/log-output.ts): lines of one busy stretch leave in one write, in order;
 * a reader that is gone or not reading never blocks the process, and what was dropped is told.
 */
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { nonBlockingLines } from '../../src/log-output.js';

/** A stream that records each write it is given, and can be told to hold them (a reader not reading). */
function recordingStream(options: { hold?: boolean } = {}) {
  const writes: string[] = [];
  const held: (() => void)[] = [];
  const stream = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk.toString());
      if (options.hold) held.push(done);
      else done();
    },
  });
  const release = () => {
    for (const done of held.splice(0)) done();
  };
  return { stream, writes, release };
}

const nextRound = () => new Promise((resolve) => setImmediate(resolve));

describe('log output', () => {
  it('writes the lines of one busy stretch together, in order, at the next round of I/O', async () => {
    const { stream, writes } = recordingStream();
    const output = nonBlockingLines(stream);
    for (let i = 0; i < 50; i++) output.write(`line ${i}\n`);
    expect(writes).toEqual([]);
    await nextRound();
    expect(writes).toEqual([Array.from({ length: 50 }, (_, i) => `line ${i}\n`).join('')]);
    output.write('later\n');
    await nextRound();
    expect(writes).toHaveLength(2);
    expect(writes[1]).toBe('later\n');
  });

  it('writes at once when flushed', () => {
    const { stream, writes } = recordingStream();
    const output = nonBlockingLines(stream);
    output.write('a\n');
    output.write('b\n');
    output.flush();
    expect(writes).toEqual(['a\nb\n']);
    output.flush();
    expect(writes).toHaveLength(1);
  });

  it('drops and counts lines once its reader is gone, without throwing', async () => {
    const { stream, writes } = recordingStream();
    const output = nonBlockingLines(stream);
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    output.write('a\n');
    output.write('b\n');
    await nextRound();
    expect(writes).toEqual([]);
    expect(output.broken).toBe(true);
    expect(output.dropped).toBe(2);
  });

  it('drops lines past its limit while the reader is not reading, then says how many', async () => {
    const { stream, writes, release } = recordingStream({ hold: true });
    const output = nonBlockingLines(stream, 100);
    output.write(`${'x'.repeat(60)}\n`);
    await nextRound();
    output.write(`${'y'.repeat(60)}\n`); // queued behind the held write: 122 bytes waiting
    await nextRound();
    output.write('dropped 1\n');
    output.write('dropped 2\n');
    expect(output.dropped).toBe(2);
    release();
    await nextRound();
    release();
    output.write('after\n');
    await nextRound();
    const told = writes.at(-1) ?? '';
    expect(told).toContain('2 log lines were dropped');
    expect(told.endsWith('after\n')).toBe(true);
    expect(writes.join('')).not.toContain('dropped 1');
  });

  it('writes what it gathered when the process exits right after logging', async () => {
    const program = `
      import { nonBlockingLines } from './src/log-output.ts';
      const output = nonBlockingLines(process.stdout);
      output.write('first\\n');
      output.write('last words\\n');
      process.exit(0);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', program], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect(code).toBe(0);
    expect(seen).toBe('first\nlast words\n');
  });
});
