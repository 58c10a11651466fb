/**
 * How well the score reader reads the labelled table of typed answers (test/dialogs/
 * score-answers*.ts): per language, how many it handled right, and the three ways to be wrong —
 * a wrong score recorded, an answer that needed asking about recorded as a score, and a clear
 * score needlessly asked again. Each miss is listed with what the reader took each number for.
 *
 *   npm run bench:scores
 */
import { explainScore } from '../dialogs/score-parser.js';
import { LABELLED_ANSWERS, type LabelledAnswer } from '../test/dialogs/score-answers.js';

type Outcome = 'right' | 'wrong score' | 'recorded unsure' | 'needless re-ask';

function outcomeOf(answer: LabelledAnswer): Outcome {
  const { reading } = explainScore(answer.typed);
  if (answer.expected === 'ask') return reading.ok ? 'recorded unsure' : 'right';
  if (!reading.ok) return 'needless re-ask';
  return reading.score === answer.expected ? 'right' : 'wrong score';
}

const locales = ['en', 'zh-CN', 'zh-TW', 'all'] as const;
console.log('language  answers  to ask   right        wrong score  recorded unsure  needless re-ask');
const misses: string[] = [];
for (const locale of locales) {
  const answers = LABELLED_ANSWERS.filter((a) => locale === 'all' || a.locale === locale);
  const counts: Record<Outcome, number> = { right: 0, 'wrong score': 0, 'recorded unsure': 0, 'needless re-ask': 0 };
  for (const answer of answers) {
    const outcome = outcomeOf(answer);
    counts[outcome] += 1;
    if (outcome !== 'right' && locale !== 'all') {
      const numbers = explainScore(answer.typed).numbers.map((n) => `${n.written} [${n.why.join('; ') || 'plain'}]`);
      misses.push(`${outcome}: ${JSON.stringify(answer.typed)} (expected ${answer.expected}) — ${numbers.join(', ')}`);
    }
  }
  const toAsk = answers.filter((a) => a.expected === 'ask').length;
  const right = `${counts.right} (${((100 * counts.right) / answers.length).toFixed(1)}%)`;
  console.log(
    [
      locale.padEnd(9),
      String(answers.length).padStart(7),
      String(toAsk).padStart(8),
      `   ${right.padEnd(13)}`,
      String(counts['wrong score']).padStart(11),
      String(counts['recorded unsure']).padStart(17),
      String(counts['needless re-ask']).padStart(17),
    ].join(''),
  );
}
console.log(misses.length > 0 ? `\n${misses.join('\n')}` : '\nno misses');
