/**
 * The score reader's cost on long text: its time for 2k, 20k and 200k characters of several
 * shapes, and how that time grows per 10× more text (linear ≈ 10×). The baseline, measured in
 * the same run on the same text, is one plain regular-expression scan for numbers and words.
 * The dialog never hands the reader more than MAX_TEXT_LENGTH (2,000) characters; the larger
 * sizes show that even a reader called without that limit cannot be stalled by what it is given.
 *
 *   npm run bench:score
 *   npm run bench:score -- --max=20000     (stop at 20k characters)
 *   npm run bench:score -- --max=2000000   (add 2M characters)
 */
import { parseScore } from '../dialogs/score-parser.js';

const MAX = Number(/^--max=(\d+)$/.exec(process.argv[2] ?? '')?.[1] ?? 200_000);
const SIZES = [2_000, 20_000, 200_000, 2_000_000].filter((size) => size <= MAX);
/** Each shape repeats its unit up to the size. */
const SHAPES: Record<string, string> = {
  digits: '1234567890 ',
  words: 'the onboarding was slow but support helped ',
  CJK: '客服态度很好，但是价格有点贵，希望改进。',
  emoji: '👍🏽🎉9️⃣🔟 ',
  'near-miss 9 9 9': '9 ',
  'nine and a half': 'nine and a half ',
  'not a 10': 'not a 10, ',
  'minus/whitespace': '-     ',
  'chinese numerals': '九十九分之八分',
};

function textOf(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/**
 * The fastest of enough calls to fill ~150 ms (at least 5): on a machine shared with other work
 * the fastest call is the one least disturbed, so it is the steadiest figure to compare.
 */
const collectGarbage = (globalThis as { gc?: () => void }).gc;

function timeOf(run: () => unknown): number {
  let fastest = Number.POSITIVE_INFINITY;
  const until = performance.now() + 150;
  for (let calls = 0; calls < 5 || (performance.now() < until && calls < 500); calls++) {
    // A collection between calls (with --expose-gc) keeps one call's garbage out of the next one's time.
    collectGarbage?.();
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

const baseline = (text: string) => text.match(/\d+|[a-z]+|[\u4e00-\u9fff]/g)?.length ?? 0;

const format = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`).padStart(10);
const growthOf = (times: number[]) => times.slice(1).map((ms, i) => (ms / (times[i] as number)).toFixed(1));
const ratioOf = (reader: number[], scan: number[]) => reader.map((ms, i) => `${(ms / (scan[i] as number)).toFixed(1)}`);
const sizes = SIZES.map((size) => `${size / 1000}k`.padStart(10));
console.log('score reader (parseScore) time per call, and the baseline: one regex scan of the same text\n');
console.log(
  ['shape'.padEnd(18), ...sizes, '  reader per 10×', '  scan per 10×', '  reader/scan at each size'].join(''),
);
for (const [shape, unit] of Object.entries(SHAPES)) {
  const texts = SIZES.map((size) => textOf(unit, size));
  const reader = texts.map((text) => timeOf(() => parseScore(text)));
  const scan = texts.map((text) => timeOf(() => baseline(text)));
  const row = [shape.padEnd(18), ...reader.map(format)];
  row.push(`  ${growthOf(reader).join(', ')}×`.padEnd(17), `  ${growthOf(scan).join(', ')}×`.padEnd(15));
  console.log([...row, `  ${ratioOf(reader, scan).join(', ')}`].join(''));
}
