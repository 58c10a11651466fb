/**
 * The fault run of issue #21: each fault against two bot processes on a private redis-server
 * (a port of 6600-6699, started and stopped here; the shared server is never touched), printing
 * each invariant with PASS or FAIL. Exit code 1 when any fails.
 *
 *   npm run faults              (the full run: more conversations per fault)
 *   npm run faults -- --short   (under a minute or so; what CI runs, see docs/performance.md)
 */
import { FAULT_CASES, type Invariant, startFleet, stopFleet } from './fault-cases.js';

const short = process.argv.includes('--short');
const size = short ? 12 : 60;

const results: { fault: string; invariants: Invariant[] }[] = [];
const started = Date.now();
const fleet = await startFleet();
console.log(
  `two bots on a private redis-server, port ${fleet.redis.port} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
for (const fault of FAULT_CASES) {
  const begun = Date.now();
  const invariants = await fault
    .run(fleet, size)
    .catch((error: unknown) => [
      { name: 'the fault ran', pass: false, detail: error instanceof Error ? error.message : String(error) },
    ]);
  results.push({ fault: fault.fault, invariants });
  console.log(`${fault.fault} (${((Date.now() - begun) / 1000).toFixed(1)} s)`);
  for (const { name, pass, detail } of invariants) console.log(`  ${pass ? 'PASS' : 'FAIL'}  ${name}: ${detail}`);
}
await stopFleet(fleet);
const failed = results.flatMap((r) => r.invariants).filter((invariant) => !invariant.pass).length;
const total = results.flatMap((r) => r.invariants).length;
console.log(`\n${total - failed} of ${total} invariants hold (${((Date.now() - started) / 1000).toFixed(0)} s)`);
process.exit(failed === 0 ? 0 : 1);
