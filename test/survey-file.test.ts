/**
 * The survey file (docs/survey-file.md, the README's "Configuration"): JSON or YAML, validated at start-up, defaults filled,
 * reward codes from a list or a file next to the survey; every mistake is one line naming
 * the field, and a bad file stops the process before anything starts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bubbleThemeFor } from '../adapters/webchat/theme.js';
import { loadSurvey, loadSurveyFile, parseSurvey, SurveyFileError } from '../src/survey-file.js';

const folder = mkdtempSync(join(tmpdir(), 'npsbot-survey-file-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function writeSurvey(name: string, text: string): string {
  const path = join(folder, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** The one line a bad survey stops start-up with. */
function refusal(raw: unknown): string {
  try {
    parseSurvey(raw, 'survey.yaml', folder);
  } catch (error) {
    expect(error).toBeInstanceOf(SurveyFileError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('the survey was accepted');
}

const minimal = { id: 'q1', brand: 'Acme' };

describe('loading', () => {
  it('reads YAML and fills every default', () => {
    const survey = loadSurveyFile(writeSurvey('minimal.yaml', 'id: q1\nbrand: Acme\n'));
    expect(survey).toEqual({
      id: 'q1',
      brand: 'Acme',
      defaultLocale: 'en',
      texts: {},
      scoreBands: { detractor: [0, 6], passive: [7, 8], promoter: [9, 10] },
      detractorAreas: ['product', 'service', 'price', 'reliability', 'other'],
      reward: { codes: [], reviewAudience: 'promoters' },
      schedules: [],
      escalation: { promiseHours: 24, withoutConsent: false },
      throttleDays: 90,
      reminderHours: 24,
      expiryHours: 72,
      segments: [],
      admins: {},
      webchat: { color: '#2e5cb8', position: 'bottom-right', title: {}, scale: 'neutral' },
    });
  });

  it('reads JSON the same way', () => {
    const path = writeSurvey(
      'survey.json',
      JSON.stringify({ ...minimal, defaultLocale: 'zh-TW', reward: { codes: ['A-1', 'A-2'] }, expiryHours: 48 }),
    );
    expect(loadSurveyFile(path)).toMatchObject({
      defaultLocale: 'zh-TW',
      reward: { codes: ['A-1', 'A-2'] },
      reminderHours: 24,
      expiryHours: 48,
    });
  });

  it('reads the reward codes from a file relative to the survey file, skipping blanks and comments', () => {
    writeSurvey('nested/codes/pool.txt', '# spring pool\nSPRING-1\r\n\n  SPRING-2  \nSPRING-3\n');
    const path = writeSurvey('nested/survey.yml', 'id: q1\nbrand: Acme\nreward:\n  codes: codes/pool.txt\n');
    expect(loadSurveyFile(path).reward.codes).toEqual(['SPRING-1', 'SPRING-2', 'SPRING-3']);
  });

  it('loads the example survey in the repository, with its codes file', () => {
    const survey = loadSurveyFile('examples/survey.yaml');
    expect(survey).toMatchObject({ id: 'acme-2026-q1', brand: 'Acme', escalation: { slackChannel: '#customer-care' } });
    expect(survey.reward.codes).toHaveLength(20);
    expect(survey.detractorAreas).toContainEqual({
      id: 'billing',
      label: { en: 'Billing', 'zh-CN': '账单', 'zh-TW': '帳單' },
    });
  });

  it('uses the built-in demo survey without a path: brand Acme, every branch, a pool of codes', () => {
    const demo = loadSurvey(undefined);
    expect(demo).toMatchObject({
      brand: 'Acme',
      detractorAreas: ['product', 'service', 'price', 'reliability', 'other'],
    });
    expect(demo.reward.codes.length).toBeGreaterThan(0);
    expect(demo.reward.reviewUrl).toMatch(/^https:/);
    expect(demo.reward.referralUrl).toMatch(/^https:/);
  });
});

describe('one clear line per mistake', () => {
  it.each([
    [{ ...minimal, brnad: 'Acme' }, 'survey.yaml: unknown field "brnad"'],
    [{ ...minimal, brnad: 'Acme', colour: 'red' }, 'survey.yaml: unknown fields "brnad", "colour"'],
    [{ ...minimal, reward: { reviwUrl: 'https://x.example' } }, 'survey.yaml: unknown field "reward.reviwUrl"'],
    [{ ...minimal, texts: { en: { scoreQuestoin: 'Hi' } } }, 'survey.yaml: unknown field "texts.en.scoreQuestoin"'],
    [{ ...minimal, texts: { fr: {} } }, 'survey.yaml: unknown field "texts.fr"'],
  ])('names an unknown field: %j', (raw, line) => {
    expect(refusal(raw)).toBe(line);
  });

  it.each([
    ['a gap', { detractor: [0, 5], passive: [7, 8], promoter: [9, 10] }],
    ['an overlap', { detractor: [0, 6], passive: [6, 8], promoter: [9, 10] }],
    ['not reaching 10', { detractor: [0, 6], passive: [7, 8], promoter: [9, 9] }],
    ['not starting at 0', { detractor: [1, 6], passive: [7, 8], promoter: [9, 10] }],
    ['bands out of order', { detractor: [9, 10], passive: [7, 8], promoter: [0, 6] }],
    ['a score past 10', { detractor: [0, 6], passive: [7, 8], promoter: [9, 11] }],
    ['a missing band', { detractor: [0, 6], passive: [7, 10] }],
  ])('refuses score bands with %s, naming scoreBands', (_case, scoreBands) => {
    expect(refusal({ ...minimal, scoreBands })).toMatch(/^survey\.yaml: field "scoreBands(\.[a-z0-9.]+)?": /);
  });

  it.each([
    [{ color: 'blue' }, 'field "webchat.color": expected a colour as "#rgb" or "#rrggbb"'],
    [{ color: '#12345' }, 'field "webchat.color": expected a colour as "#rgb" or "#rrggbb"'],
    [
      { color: '#f5b400', textColor: '#ffffff' },
      'field "webchat.textColor": #ffffff on #f5b400 has a contrast of 1.84:1, under the 4.5:1 text needs (leave textColor out to pick one)',
    ],
    [
      { logo: 'http://shop.example.com/logo.png' },
      'field "webchat.logo": expected an https:// address or a path on the same site such as "/logo.svg"',
    ],
    [
      { logo: 'javascript:alert(1)' },
      'field "webchat.logo": expected an https:// address or a path on the same site such as "/logo.svg"',
    ],
    [
      { logo: '//evil.example/logo.png' },
      'field "webchat.logo": expected an https:// address or a path on the same site such as "/logo.svg"',
    ],
    [
      { position: 'top-left' },
      'field "webchat.position": Invalid option: expected one of "bottom-right"|"bottom-left"',
    ],
    [{ scale: 'rainbow' }, 'field "webchat.scale": Invalid option: expected one of "neutral"|"bands"'],
    [{ title: { en: 'x'.repeat(61) } }, 'field "webchat.title.en": Too big: expected string to have <=60 characters'],
    [{ title: { fr: 'Salut' } }, 'unknown field "webchat.title.fr"'],
  ])('refuses a bubble theme of %j in one line naming the field', (webchat, line) => {
    expect(refusal({ ...minimal, webchat })).toBe(`survey.yaml: ${line}`);
  });

  it('takes a bubble theme, with the text colour checked or picked by contrast', () => {
    const webchat = { color: '#f5b400', logo: '/logo.svg', position: 'bottom-left', title: { 'zh-TW': '一分鐘問卷' } };
    expect(parseSurvey({ ...minimal, webchat }, 'survey.yaml').webchat).toEqual({ ...webchat, scale: 'neutral' });
    const dark = { color: '#1d2330', textColor: '#f5b400', logo: 'https://cdn.example.com/logo.png', scale: 'bands' };
    expect(parseSurvey({ ...minimal, webchat: dark }, 'survey.yaml').webchat).toMatchObject(dark);
    expect(bubbleThemeFor(parseSurvey({ ...minimal, webchat: { color: '#f5b400' } }, 's'))).toMatchObject({
      color: '#f5b400',
      onColor: '#000000',
      ring: '#1d2330',
    });
    expect(bubbleThemeFor(parseSurvey(minimal, 's'))).toMatchObject({ onColor: '#ffffff', ring: '#2e5cb8' });
  });

  it('accepts other bands that cover 0–10 exactly', () => {
    const survey = parseSurvey(
      { ...minimal, scoreBands: { detractor: [0, 4], passive: [5, 7], promoter: [8, 10] } },
      's',
    );
    expect(survey.scoreBands.promoter).toEqual([8, 10]);
  });

  it.each([
    [{ brand: 'Acme' }, 'field "id"'],
    [{ ...minimal, defaultLocale: 'fr' }, 'field "defaultLocale"'],
    [{ ...minimal, throttleDays: -1 }, 'field "throttleDays"'],
    [{ ...minimal, reminderHours: '24' }, 'field "reminderHours"'],
    [{ ...minimal, reminderHours: 72, expiryHours: 72 }, 'field "reminderHours": must be less than expiryHours (72)'],
    [{ ...minimal, reward: { reviewUrl: 'reviews' } }, 'field "reward.reviewUrl"'],
    [{ ...minimal, detractorAreas: ['Billing'] }, 'field "detractorAreas.0"'],
    [{ ...minimal, escalation: { promiseHours: 0 } }, 'field "escalation.promiseHours"'],
    [null, "expected the survey's fields"],
  ])('names the field: %j', (raw, part) => {
    expect(refusal(raw)).toContain(part);
  });

  it('refuses a reward code listed twice, in a list or in the codes file', () => {
    expect(refusal({ ...minimal, reward: { codes: ['A', 'B', 'A'] } })).toBe(
      'survey.yaml: field "reward.codes": the code "A" is listed twice',
    );
    writeSurvey('twice.txt', 'X-1\nX-2\nX-1\n');
    expect(refusal({ ...minimal, reward: { codes: 'twice.txt' } })).toContain('the code "X-1" is listed twice');
  });

  it('says when the codes file or the survey file cannot be read, or does not parse', () => {
    expect(refusal({ ...minimal, reward: { codes: 'missing.txt' } })).toMatch(
      /^survey\.yaml: field "reward\.codes": cannot read missing\.txt/,
    );
    expect(() => loadSurveyFile(join(folder, 'nowhere.yaml'))).toThrow(/^NPSBOT_SURVEY: cannot read /);
    const badJson = writeSurvey('bad.json', '{ "id": "q1", ');
    expect(() => loadSurveyFile(badJson)).toThrow(/bad\.json: not valid JSON/);
    const badYaml = writeSurvey('bad.yaml', 'id: q1\nbrand: [Acme\n');
    expect(() => loadSurveyFile(badYaml)).toThrow(/bad\.yaml: not valid YAML/);
  });
});

describe('start-up with a bad survey file', () => {
  it('prints one line naming the field and exits non-zero', () => {
    const path = writeSurvey('typo.yaml', 'id: q1\nbrand: Acme\nbrnad: Acme\n');
    // tsx's own entry point, run by this Node: no npx, so nothing but npsbot writes to stderr.
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const run = spawnSync(process.execPath, [tsx, 'src/main.ts'], {
      env: { PORT: '0', NPSBOT_SURVEY: path, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`npsbot: ${path}: unknown field "brnad"\n`);
  });
});
