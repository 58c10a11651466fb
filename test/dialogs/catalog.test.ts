/**
 * Every message the bot sends exists in en, zh-CN and zh-TW (see docs/conversation.md): no key missing
 * or empty in any locale, the same {placeholders} in every translation, and each Chinese
 * catalogue written in its own script.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGS, LOCALES, MESSAGE_KEYS, translate } from '../../dialogs/index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

// Characters that exist in only one script, common in our messages; a copy-paste between the two catalogues shows here.
const SIMPLIFIED_ONLY = [...'们这为说时会问题个联务价稳产过谢请选择输让么认识评论链'];
const TRADITIONAL_ONLY = [...'們這為說時會問題個聯務價穩產過謝請選擇輸讓麼認識評論鏈'];

describe('message catalogues', () => {
  it('has the English catalogue as the list of keys, and it is not empty', () => {
    expect(MESSAGE_KEYS.length).toBeGreaterThan(20);
    expect(Object.keys(CATALOGS.en).sort()).toEqual([...MESSAGE_KEYS].sort());
  });

  describe.each(LOCALES)('%s', (locale) => {
    const catalog = CATALOGS[locale] as Readonly<Record<string, string | undefined>>;

    it('has exactly the English keys', () => {
      expect(Object.keys(catalog).sort()).toEqual([...MESSAGE_KEYS].sort());
    });

    it.each(MESSAGE_KEYS)('has a non-empty "%s" with the same placeholders as English', (key) => {
      const text = catalog[key];
      expect(typeof text).toBe('string');
      expect(text?.trim()).not.toBe('');
      expect(placeholders(text ?? '')).toEqual(placeholders(CATALOGS.en[key]));
    });
  });

  // An agent's reply is their own words, whatever the language.
  it.each(MESSAGE_KEYS.filter((key) => key !== 'agentReply'))(
    'writes "%s" in Chinese characters in both Chinese catalogues',
    (key) => {
      expect(CATALOGS['zh-CN'][key]).toMatch(/\p{Script=Han}/u);
      expect(CATALOGS['zh-TW'][key]).toMatch(/\p{Script=Han}/u);
    },
  );

  it('keeps Simplified and Traditional characters in their own catalogues', () => {
    const simplified = Object.values(CATALOGS['zh-CN']).join('');
    const traditional = Object.values(CATALOGS['zh-TW']).join('');
    expect(TRADITIONAL_ONLY.filter((char) => simplified.includes(char))).toEqual([]);
    expect(SIMPLIFIED_ONLY.filter((char) => traditional.includes(char))).toEqual([]);
  });
});

describe('translate', () => {
  it('fills placeholders, and a survey override wins over the built-in wording for its locale only', () => {
    const overrides = { 'zh-TW': { promoterThanks: '謝謝您支持{brand}！' } };
    expect(translate('en', 'promoterThanks', { brand: 'Acme' }, overrides)).toBe('Thank you for being a fan of Acme!');
    expect(translate('zh-TW', 'promoterThanks', { brand: 'Acme' }, overrides)).toBe('謝謝您支持Acme！');
    expect(translate('zh-CN', 'promoterThanks', { brand: 'Acme' }, overrides)).toBe('感谢您对Acme的支持！');
  });

  it('leaves an unknown placeholder visible and does not re-read filled values as templates', () => {
    expect(translate('en', 'greetingNamed', { name: '{brand} $& fan' })).toBe('Hi {brand} $& fan!');
    expect(translate('en', 'rewardCode', {})).toBe('As a thank-you, here is your reward code: {code}');
  });
});
