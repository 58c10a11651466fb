/**
 * Rules for numbers that are not scores at all: words that only look like numbers ("一般",
 * "十分满意", "no one"), and counts, times, dates, versions and money. A row is one rule; see
 * dialogs/score/label.ts for what a row says.
 */
import type { Rule } from './label.js';
import { atStart, countedWord, NUMERAL, pluralAfter } from './surroundings.js';

export const NOT_SCORE_RULES: readonly Rule[] = [
  // ——— not numbers at all
  // Alone, 一 as a score is written "一分" or "1"; before another character it is part of a word.
  { label: 'not_number', why: '一 inside a word ("一般", "一级棒")', written: /^一$/, after: /^(?!分)[\u4e00-\u9fff]/ },
  { label: 'not_number', why: '一 inside a word', written: /^一$/, before: /[唯统統万萬统]$/ },
  {
    label: 'not_number',
    why: '十分 meaning "very"',
    written: /^十$/,
    after: /^分(?![吧啊呀啦哦喔了嘛呢])[\u4e00-\u9fff]/,
  },
  {
    label: 'not_number',
    why: '"one" as a pronoun',
    written: /^one$/,
    before:
      /\b(?:no|any|every|some|the|this|that|which|each|other|another|last|next|right|wrong|best|worst|little|new|old|only)\s$/,
  },
  {
    label: 'not_number',
    why: '"one" as a pronoun',
    written: /^one$/,
    after: /^ (?:of|more|day|thing|another|time|point|who|that|which|by|or two|or another)\b/,
  },
  // ——— numbers that are not scores
  { label: 'other', why: 'an ordinal', before: /第 ?$/ },
  { label: 'other', why: 'a weekday', before: /(?:[周週]|星期|礼拜|禮拜)$/ },
  { label: 'other', why: 'a time (8:30)', after: /^[:：]\d/ },
  { label: 'other', why: 'a time (8:30)', before: /\d[:：]$/ },
  { label: 'other', why: "a time (6 o'clock)", after: /^ ?o ?'? ?clock\b/ },
  { label: 'other', why: 'glued to letters (v3, ios17, mp3)', form: 'digits', before: /[a-z]$/ },
  {
    label: 'other',
    why: 'glued to letters (2fa, 4k, 3rd, 8pm)',
    form: 'digits',
    after: /^(?!ish\b|pts?\b|points?\b|stars?\b)[a-z]/,
  },
  { label: 'other', why: 'a compound (2-step, 24-hour)', after: /^-(?!ish\b|stars?\b)[a-z]/ },
  { label: 'other', why: 'round the clock', written: /^(?:24|7)$/, after: /^ ?[/x] ?7\b/ },
  { label: 'other', why: 'round the clock', written: /^7$/, before: /24 ?[/x] ?$/ },
  { label: 'other', why: 'a year', form: 'digits', written: /^(?:19|20)\d\d$/ },
  {
    label: 'other',
    why: 'a version ("界面2.0", "the 3.2 update")',
    written: /^\d+\.\d+$/,
    before: /[a-z\u4e00-\u9fff] ?$/,
    test: (c) => !/^ ?分/.test(c.after),
  },
  { label: 'other', why: 'a count: a word follows it', test: (c) => !atStart(c) && countedWord(c) },
  { label: 'other', why: 'money or a share', before: /[$€£¥￥] ?$/ },
  {
    label: 'other',
    why: 'money or a share',
    after: /^ ?(?:%|percent\b|per ?cent\b|元|块|塊|美元|刀|毛钱|dollars?\b|bucks?\b|quid\b|euros?\b|cents?\b)/,
  },
  {
    label: 'other',
    why: 'a count or a measure',
    after:
      /^ ?(?:of (?:my|the|our|your|their|them|us|those|these|its|his|her)\b|factors?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?|times?|seconds?|secs?|steps?|clicks?|taps?|people|persons?|person|users?|seats?|licen[cs]es?|tickets?|calls?|emails?|messages?|bugs?|issues?|problems?|things?|features?|kids?|children|members?|devices?|apps?|pages?|screens?|versions?|releases?|updates?|tries|try|attempts?|thumbs?|inch(?:es)?|feet|foot|miles?|km|kg|lbs?|nights?|orders?|items?|products?|plans?|projects?|accounts?|reasons?|ways?|words?|files?|games?|levels?|rounds?|stores?|agents?|reps?|phone|month|year|day|week|hour|minute|time|step|click|bug|issue|thing|reason|way|word|agent|rep|support\b|customer|seat|user|license|ticket|call|email|feature|device|app|page|screen|release|update|attempt|thumb|order|item|product|plan|project|account|file|level|round|store)\b/,
  },
  { label: 'other', why: 'a count (plural noun after it)', test: pluralAfter },
  {
    label: 'other',
    why: 'a count, a time or a date (Chinese measure word)',
    after: new RegExp(
      `^ ?(?:分钟|分鐘|小时|小時|钟头|鐘頭|个?月|個?月|天|次|周|週|星期|年|岁|歲|秒|遍|个|個|位|件|人|块|塊|元|倍|号|號|日|[点點](?![${NUMERAL}\\d])|步|代|版|楼|樓|层|層|款|条|條|张|張|台|部|本|页|頁|趟|届|屆|期|集|章|节|節|家|种|種|样|樣|口|份|杯|间|間|门|門|回|多?年)`,
    ),
  },
  {
    label: 'other',
    why: 'a version or a place in a list',
    before:
      /\b(?:v|ver|version|ios|android|windows|win|macos|osx|release|build|gen|generation|iphone|ipad|pixel|galaxy|series|mark|mk|level|lvl|chapter|part|season|episode|page|room|item|question|q|phase|tier|option|model|top|last|past|next|first|every|those|these|several|another|only took|took|in|within|after|over the last|for)\.? ?#?$|#$/,
  },
  {
    label: 'other',
    why: 'a time',
    before:
      /\b(?:call|ring|phone|text|contact|reach|meet|see|visit|available|free|back|come|pick|deliver\w*|arriv\w*|open\w*|clos\w*|tomorrow|tonight|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|evening|afternoon|noon)\b[^,.;!?]{0,20}\b(?:at|by|until|till|after|before|from|around|between|about)\s$/,
  },
  {
    label: 'other',
    why: 'a time (Chinese)',
    before:
      /(?:上午|下午|晚上|早上|中午|凌晨|傍晚|明天|今天|昨天|后天|後天|前天|[周週][一二三四五六日天末]|星期[一二三四五六日天]|礼拜[一二三四五六日天]|禮拜[一二三四五六日天]) ?$/,
  },
  {
    label: 'deduction',
    why: 'points taken off',
    before:
      /(?:扣|扣了|扣掉|减|減|减掉|減掉|take off|took off|takes off|knock off|knocked off|docked?|deduct(?:ed)?) ?$/,
  },
];
