/**
 * Survey files that would break a channel, or show a customer a broken message, stop start-up
 * with one line naming the field and the limit (docs/survey-file.md, "What every channel can show").
 */
import { describe, expect, it } from 'vitest';
import { parseSurvey, SurveyFileError } from '../src/survey-file.js';

const minimal = { id: 'q1', brand: 'Acme' };

function refusal(raw: unknown): string {
  try {
    parseSurvey(raw, 'survey.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(SurveyFileError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('the survey was accepted');
}

const areas = (count: number) => Array.from({ length: count }, (_, i) => `area-${i}`);
const label = (length: number) => ({ en: 'x'.repeat(length) });

describe('what every channel can show', () => {
  it.each([
    [
      '30 detractor areas',
      { detractorAreas: areas(30) },
      'field "detractorAreas": at most 25 areas (Slack shows 25 buttons at most), not 30',
    ],
    [
      'an 80-character area label',
      { detractorAreas: [{ id: 'billing', label: label(80) }] },
      'field "detractorAreas.0.label.en": at most 75 characters',
    ],
    [
      'an area listed twice',
      { detractorAreas: ['price', 'service', 'price'] },
      'field "detractorAreas.2": the area "price" is listed twice',
    ],
    [
      'an area id listed twice with a label',
      { detractorAreas: ['price', { id: 'price', label: { en: 'Cost' } }] },
      'the area "price" is listed twice',
    ],
    [
      'a 300-character area id',
      { detractorAreas: ['a'.repeat(300)] },
      'field "detractorAreas.0": an area id is at most 64 characters',
    ],
    ['a 3,100-character brand', { brand: 'B'.repeat(3100) }, 'field "brand": at most 200 characters (it is 3100)'],
    [
      'an override of a built-in area label over 75',
      { texts: { en: { area_price: 'p'.repeat(76) } } },
      'field "texts.en.area_price": at most 75 characters',
    ],
    [
      'a 2,001-character text',
      { texts: { 'zh-TW': { help: '說'.repeat(2001) } } },
      'field "texts.zh-TW.help": at most 2000 characters',
    ],
  ])('refuses %s', (_case, fields, line) => {
    expect(refusal({ ...minimal, ...fields })).toContain(line);
  });

  it.each([
    [
      'a typo in a placeholder',
      { en: { reasonPromoter: 'What do you love about {brnad}?' } },
      'field "texts.en.reasonPromoter": unknown placeholder {brnad} (this text can use {brand})',
    ],
    [
      'a placeholder the message does not have',
      { 'zh-CN': { promoterThanks: '谢谢{name}' } },
      'field "texts.zh-CN.promoterThanks": unknown placeholder {name} (this text can use {brand})',
    ],
    [
      'a placeholder in a text that has none',
      { en: { restarted: 'Again, {name}!' } },
      'unknown placeholder {name} (this text can use none)',
    ],
    [
      'a reward text without its code',
      { en: { rewardCode: 'Thanks! Here is a gift.' } },
      'field "texts.en.rewardCode": must contain {code}',
    ],
    [
      'a review invitation without its link',
      { 'zh-TW': { reviewInvite: '請幫我們寫評價！' } },
      'field "texts.zh-TW.reviewInvite": must contain {url}',
    ],
    [
      'a referral invitation without its link',
      { en: { referralInvite: 'Tell your friends about {brand}' } },
      'field "texts.en.referralInvite": must contain {url}',
    ],
  ])('refuses %s', (_case, texts, line) => {
    expect(refusal({ ...minimal, texts })).toContain(line);
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<b>hi</b>'],
    ['file:', 'file:///etc/passwd'],
  ])('refuses a %s review or referral link', (_scheme, url) => {
    expect(refusal({ ...minimal, reward: { reviewUrl: url } })).toContain(
      'field "reward.reviewUrl": expected an http:// or https:// address',
    );
    expect(refusal({ ...minimal, reward: { referralUrl: url } })).toContain('field "reward.referralUrl"');
  });

  it('accepts a survey at every limit, with placeholders it knows, in any language', () => {
    const survey = parseSurvey(
      {
        ...minimal,
        brand: 'B'.repeat(200),
        detractorAreas: [...areas(24), { id: 'a'.repeat(64), label: { en: 'x'.repeat(75), 'zh-CN': '账单' } }],
        reward: { reviewUrl: 'https://reviews.example.com/acme', referralUrl: 'http://acme.example.com/r' },
        texts: {
          en: { rewardCode: 'Your code: {code}', reasonPromoter: 'What do you value in {brand}?' },
          'zh-CN': { contactPromised: '我们会在{hours}小时内联系您。', greetingNamed: '{name}，你好' },
        },
      },
      'survey.yaml',
    );
    expect(survey.detractorAreas).toHaveLength(25);
    expect(survey.texts.en?.rewardCode).toBe('Your code: {code}');
  });
});

describe('report counters: the listed touchpoints and segment values', () => {
  it.each([
    [
      '"other" listed as a touchpoint',
      { touchpoints: ['checkout', 'other'] },
      'field "touchpoints.1": "other" is where',
    ],
    [
      'a touchpoint listed twice',
      { touchpoints: ['checkout', 'checkout'] },
      'field "touchpoints.1": "checkout" is listed twice',
    ],
    ['101 touchpoints', { touchpoints: areas(101) }, 'field "touchpoints"'],
    [
      'values of a key that is not a segment',
      { segments: ['plan'], segmentValues: { region: ['eu'] } },
      'field "segmentValues.region": "region" is not one of segments (plan)',
    ],
    [
      '"other" as a segment value',
      { segments: ['plan'], segmentValues: { plan: ['other'] } },
      'field "segmentValues.plan.0": "other" is where',
    ],
    [
      '101 values of one segment',
      { segments: ['plan'], segmentValues: { plan: areas(101) } },
      'field "segmentValues.plan"',
    ],
  ])('%s stops start-up', (_what, change, expected) => {
    expect(refusal({ ...minimal, ...change })).toContain(expected);
  });

  it('takes listed touchpoints and segment values', () => {
    const survey = parseSurvey(
      { ...minimal, segments: ['plan'], touchpoints: ['checkout'], segmentValues: { plan: ['pro'] } },
      'survey.yaml',
    );
    expect(survey).toMatchObject({ touchpoints: ['checkout'], segmentValues: { plan: ['pro'] } });
  });
});
