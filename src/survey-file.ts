/**
 * Reads the survey file (JSON or YAML), validates it, and reads the reward-code file it may
 * point to. Every failure is one line naming the field, so start-up can stop with it.
 */
import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { type Survey, type SurveyInput, surveySchema } from '../dialogs/index.js';
import { DEMO_SURVEY } from './demo-survey.js';

export class SurveyFileError extends Error {
  readonly code = 'invalid_survey';
}

/** Which schedule an issue is about, by its id when the file gives one: "schedules.1 (quarterly)". */
function scheduleNamed(issue: z.core.$ZodIssue, raw: unknown): string {
  const [top, index] = issue.path;
  if (top !== 'schedules' || typeof index !== 'number' || typeof raw !== 'object' || raw === null) return '';
  const schedule = (raw as { schedules?: unknown[] }).schedules?.[index];
  const id = typeof schedule === 'object' && schedule !== null ? (schedule as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? ` (schedule "${id}")` : '';
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const field = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const where = field ? `${field}.` : '';
    const names = issue.keys.map((key) => `"${where}${key}"`).join(', ');
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${names}`;
  }
  // An empty file or a list instead of fields: there is no field to name.
  if (!field) return `expected the survey's fields (id, brand, …): ${issue.message}`;
  return `field "${field}"${scheduleNamed(issue, raw)}: ${issue.message}`;
}

/** Validates a parsed survey; `baseDir` is where a reward-code file path is resolved from. */
export function parseSurvey(raw: unknown, source: string, baseDir = process.cwd()): Survey {
  const parsed = surveySchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new SurveyFileError(`${source}: ${first ? describeIssue(first, raw) : 'invalid survey'}`);
  }
  const { codes } = parsed.data.reward;
  let rewardCodes: readonly string[] = [];
  if (typeof codes === 'string') {
    const path = resolve(baseDir, codes);
    try {
      rewardCodes = readFileSync(path, 'utf8')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line.length > 0 && !line.startsWith('#'));
    } catch (error) {
      throw new SurveyFileError(`${source}: field "reward.codes": cannot read ${codes} (${(error as Error).message})`);
    }
  } else if (codes) {
    rewardCodes = codes;
  }
  const twice = rewardCodes.find((code, i) => rewardCodes.indexOf(code) !== i);
  if (twice !== undefined) {
    // A code given to two people is no longer a unique reward.
    throw new SurveyFileError(`${source}: field "reward.codes": the code "${twice}" is listed twice`);
  }
  return { ...parsed.data, reward: { ...parsed.data.reward, codes: rewardCodes } };
}

export function loadSurveyFile(path: string): Survey {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SurveyFileError(`NPSBOT_SURVEY: cannot read ${path} (${(error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : YAML.parse(text);
  } catch (error) {
    throw new SurveyFileError(
      `${path}: not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'} (${(error as Error).message.split('\n')[0]})`,
    );
  }
  return parseSurvey(raw, path, dirname(resolve(path)));
}

export function loadSurvey(path: string | undefined): Survey {
  return path ? loadSurveyFile(path) : parseSurvey(DEMO_SURVEY satisfies SurveyInput, 'built-in demo survey');
}
