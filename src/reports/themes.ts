/**
 * Themes of the free-text "why" answers, by keyword: no model and no external service, so
 * the same reason always gets the same themes and the engine can count them in the rollups
 * with the turn. Lists exist per locale; every list is applied to every reason, because
 * people mix languages ("客服 never answered").
 */
import type { Locale } from '../../dialogs/index.js';

export const THEMES = [
  'price',
  'support',
  'speed',
  'quality',
  'usability',
  'reliability',
  'features',
  'delivery',
] as const;
export type Theme = (typeof THEMES)[number];
/** What a reason that names none of the themes counts as. */
export type ReasonTheme = Theme | 'other';

/**
 * English entries are regular expressions matched on whole words (after lower-casing);
 * Chinese entries are plain substrings, since Chinese text has no spaces between words.
 */
export const THEME_KEYWORDS: Readonly<Record<Locale, Readonly<Record<Theme, readonly string[]>>>> = {
  en: {
    price: [
      'pric(e|es|ed|ey|ing)',
      'expensive',
      'overpriced',
      'cheap(er|est)?',
      'costs?',
      'costly',
      'afford(able|ability)?',
      'fees?',
      'value for money',
      'billing',
      'subscription',
      'discounts?',
    ],
    support: [
      'support',
      'customer service',
      'service desk',
      'help ?desk',
      'agents?',
      'staff',
      'rude',
      'helpful',
      'call(ed)? back',
      'no one (answered|replied)',
      'tickets?',
    ],
    speed: [
      'slow(er|ly|ness)?',
      'fast(er)?',
      'quick(er|ly)?',
      'speed',
      'lag(s|gy)?',
      'loading',
      'delays?',
      'delayed',
      'wait(ed|ing)?',
      'takes? forever',
      'response time',
    ],
    quality: [
      'quality',
      'defect(s|ive)?',
      'flimsy',
      'durable',
      'sturdy',
      'well[- ]made',
      'poorly made',
      'craftsmanship',
      'materials?',
    ],
    usability: [
      'easy',
      'easier',
      'intuitive',
      'confusing',
      'complicated',
      'user[- ]friendly',
      'interface',
      'ui',
      'ux',
      'hard to use',
      'clunky',
      'navigat(e|ion)',
      'simple',
    ],
    reliability: [
      'crash(es|ed|ing)?',
      'bugs?',
      'buggy',
      'brok(e|en)',
      'breaks',
      'outages?',
      'downtime',
      'errors?',
      'unstable',
      'reliab(le|ility)',
      'glitch(es|y)?',
      'stopped working',
      'keeps? failing',
    ],
    features: [
      'features?',
      'functionality',
      'integrations?',
      'missing',
      'options?',
      'wish it had',
      'would be nice',
      'api',
      'export',
    ],
    delivery: ['deliver(y|ed|ies)?', 'shipping', 'shipped', 'arriv(e|ed|al)', 'courier', 'parcel', 'package'],
  },
  'zh-CN': {
    price: ['价格', '价钱', '贵', '便宜', '费用', '收费', '性价比', '划算', '折扣', '价位'],
    support: ['客服', '服务', '售后', '态度', '人工', '回复', '工作人员', '热线'],
    speed: ['慢', '速度', '卡顿', '等待', '等了', '太久', '快速', '加载', '延迟', '很快'],
    quality: ['质量', '品质', '做工', '材质', '耐用', '瑕疵', '次品'],
    usability: ['好用', '难用', '易用', '界面', '操作', '复杂', '方便', '简单', '体验'],
    reliability: ['崩溃', '闪退', '故障', '稳定', '出错', '错误', '宕机', '不能用', '用不了', 'bug'],
    features: ['功能', '缺少', '希望增加', '增加', '选项', '集成'],
    delivery: ['物流', '快递', '送货', '发货', '配送', '到货', '包裹'],
  },
  'zh-TW': {
    price: ['價格', '價錢', '貴', '便宜', '費用', '收費', '性價比', '划算', '折扣', '價位'],
    support: ['客服', '服務', '售後', '態度', '人工', '回覆', '工作人員', '專線'],
    speed: ['慢', '速度', '卡頓', '等待', '等了', '太久', '快速', '載入', '延遲', '很快'],
    quality: ['品質', '質量', '做工', '材質', '耐用', '瑕疵', '次級品'],
    usability: ['好用', '難用', '易用', '介面', '操作', '複雜', '方便', '簡單', '體驗'],
    reliability: ['當機', '閃退', '故障', '穩定', '出錯', '錯誤', '不能用', '用不了', 'bug'],
    features: ['功能', '缺少', '希望增加', '增加', '選項', '整合'],
    delivery: ['物流', '快遞', '送貨', '出貨', '配送', '到貨', '包裹'],
  },
};

interface ThemeMatcher {
  theme: Theme;
  words: RegExp;
  substrings: readonly string[];
}

function buildMatchers(): ThemeMatcher[] {
  return THEMES.map((theme) => {
    // Letters on either side would mean the keyword is part of a longer word ("costume" is not "cost").
    const words = new RegExp(`(?<![a-z])(?:${THEME_KEYWORDS.en[theme].join('|')})(?![a-z])`, 'u');
    const substrings = [...new Set([...THEME_KEYWORDS['zh-CN'][theme], ...THEME_KEYWORDS['zh-TW'][theme]])];
    return { theme, words, substrings };
  });
}

const MATCHERS = buildMatchers();

/**
 * The themes a reason names, in the order of `THEMES`; `['other']` when it names none.
 * Full-width letters are folded to ASCII and case is ignored.
 */
export function reasonThemes(reason: string): ReasonTheme[] {
  const text = reason.normalize('NFKC').toLowerCase();
  const found = MATCHERS.filter(
    ({ words, substrings }) => words.test(text) || substrings.some((part) => text.includes(part)),
  ).map(({ theme }) => theme);
  return found.length > 0 ? found : ['other'];
}
