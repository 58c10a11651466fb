/**
 * What each number in an answer is, as a table: one row is one rule, in English or Chinese,
 * and says what a number is when the text beside it looks a certain way. A number can carry
 * several labels; dialogs/score/decide.ts turns the labels into a reading.
 *
 *  not_number   not a number at all ("一般", "十分满意" = very satisfied, "no one")
 *  other        a number that is not a score: a count, a time, a date, a version, money
 *  deduction    points taken off ("扣两分")
 *  negated      a score the person says they are not giving ("not a 10", "给不了满分")
 *  past         a score from before ("was a 9 before the price rise", "去年6分")
 *  what_if      a score under a condition ("would be 8 if it were cheaper", "便宜点的话给9分")
 *  corrected    a slip the person corrects ("9, no wait, 8"): set by decide.ts, which sees pairs
 *  hedged       a score the person is unsure of ("3?", "maybe 7", "8分左右"): confirm it
 *  bound        a comparison, not a value ("more than 8", "7分以上")
 *  stars        a star rating ("4 stars", "五星"): not this scale
 *  other_scale  the answer is on another scale ("4/5", "满分5分"): every number in it is
 *  half         a half point ("eight and a half", "八分半", ".5")
 *  minus        a sign in words or before the digits ("negative 5", "负一", "-1")
 *  strong       plainly given as the score ("8分", "I'd give it 7", "Score - 7", "…, 9")
 */
import type { Candidate, NumberForm } from './candidates.js';

export type Label =
  | 'not_number'
  | 'other'
  | 'deduction'
  | 'negated'
  | 'what_if'
  | 'past'
  | 'corrected'
  | 'hedged'
  | 'bound'
  | 'stars'
  | 'other_scale'
  | 'half'
  | 'minus'
  | 'strong';

export interface Rule {
  label: Label;
  /** Why, in a few words: shown by explainScore. */
  why: string;
  form?: NumberForm;
  written?: RegExp;
  before?: RegExp;
  after?: RegExp;
  /** For the few rules a pattern cannot say. */
  test?: (candidate: Candidate) => boolean;
}

const NUMERAL = '零〇一二两兩三四五六七八九十百';
const A = '(?:a |an )?';

/** Words a score may be followed by; any other word ending in "s" after a number is a count ("3 releases"). */
const FOLLOWS_A_SCORE = new Set(
  'is was as its this thanks yes has does always guys plus points pts pls plz less unless us thus cos bcs tbs ps'.split(
    ' ',
  ),
);
/** Words that may follow a score; any other word right after a number mid-answer makes it a count ("1 outage"). */
const SCORE_FOLLOWERS = new Set(
  (
    'because cause coz cos cuz bc due given but and or nor yet so for from overall definitely honestly tbh imo really ' +
    'all is was would will i im it its the this that they we you me my here now today though tho although since as ' +
    'if when with without easily maybe probably perhaps at on in to out of points point pts pt stars star ish lol ' +
    'haha thanks thank ty thx please pls plz no not yes yeah great good solid ok okay very super pretty quite fine ' +
    'hands any right then just only too also even still atm rn tops max minimum least most best plus minus'
  ).split(' '),
);
const countedWord = (c: Candidate) => {
  const word = /^ ([a-z]{2,})\b/.exec(c.after)?.[1];
  return word !== undefined && !SCORE_FOLLOWERS.has(word);
};
const IDIOM_AFTER = /^ (?:hands down|all day|all the way|no doubt|no question|any day|for sure)\b/;
const pluralAfter = (candidate: Candidate) => {
  if (IDIOM_AFTER.test(candidate.after)) return false;
  const word = /^ ?([a-z]{2,}s)\b/.exec(candidate.after)?.[1];
  return word !== undefined && !FOLLOWS_A_SCORE.has(word) && !/^(?:stars|points)$/.test(word);
};

const atStart = (c: Candidate) =>
  c.at < 40 &&
  /^[\s"'(*]*(?:(?:a|an|solid|strong|hmm+|uh+|um+|ok|okay|well|honestly|so|like)[\s,.?!]*)*$/.test(c.before);
const atEnd = (c: Candidate) => c.after.length < 40 && /^[\s\uE000.!。！~)"'*👍🙂😊:]*$/u.test(c.after);
/** A score said with a time contrast: "was a 9 before…", "gave it 5 last time". */
const PAST_AFTER =
  /^[^.;!?,，。]{0,25}\b(?:before|until|till|last (?:time|year|month|week)|previously|ago|back then|at first|originally)\b/;

export const RULES: readonly Rule[] = [
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
  // ——— scores the person does not give
  {
    label: 'negated',
    why: '"not a 10"',
    before: new RegExp(
      String.raw`(?:\bno way (?:it's |its |is it |it is )?${A}|\bhardly ${A}|\b(?:not|never) (?:even |quite |really |exactly |worth |going to be |gonna be |yet )?${A}(?:perfect |full |single |solid |total )?|\b(?:isn't|isnt|wasn't|wasnt|ain't|aint) ${A}(?:perfect )?|\bfar from ${A}|\bnowhere near ${A}|\b(?:can't|cant|cannot|can not|won't|wont|will not|wouldn't|wouldnt|would not|couldn't|couldnt|could not|don't|dont|didn't|didnt|never)\b(?: \w+){0,3}? (?:give|giving|gonna give|rate|rating|say|call|be|go|score)(?: it| this| you| them| u)? ${A}(?:perfect |full |solid )?)$`,
    ),
  },
  {
    label: 'negated',
    why: '"不是9分"',
    before:
      /(?:不是|不到|没有|沒有|不能给|不能給|给不了|給不了|不会给|不會給|不给|不給|达不到|達不到|不值|不配|不可能给|不可能給|没到|沒到|算不上|谈不上|談不上) ?$/,
  },
  { label: 'negated', why: '"一分也不给"', after: /^ ?分?(?:也|都)(?:不|没|沒)(?!为过|為過)/ },
  { label: 'negated', why: '"no 10 from me"', before: /^\s*no $/ },
  {
    label: 'what_if',
    why: 'a score with something missing ("would be 10 with dark mode")',
    before: /\b(?:would|'d|could|might) be (?:a |an )?$/,
    after: /^ (?:with|without|if|once|when|after|given)\b/,
  },
  { label: 'negated', why: '"一分不给"', after: /^ ?分?(?:不给|不給|不想给|不想給|不值)/ },
  { label: 'strong', why: '"给10分都不为过"', after: /^ ?分?(?:也|都)不(?:为过|為過)/ },
  // ——— what-if scores
  {
    label: 'what_if',
    why: 'under a condition ("if it were cheaper, 9")',
    before:
      /\b(?:if|unless|once)\b(?! (?:i had to|i have to|i must|you ask me|i'm honest|im honest|i am honest|anything)\b)[^.;!?。！？]*\b(?:were|would|could|had|did|got|fixed|added|made|improved|'d|dropped|lowered)\b[^.;!?。！？]*$/,
  },
  { label: 'what_if', why: 'a possibility ("could be 10, is 8")', before: /\b(?:could|might|may) be (?:a |an )?$/ },
  { label: 'what_if', why: 'under a condition ("otherwise 9")', before: /\botherwise\b[^.;!?]{0,12}$/ },
  {
    label: 'what_if',
    why: 'under a condition ("unless they fix it, then 9")',
    before: /\b(?:if|unless|once|when)\b[^.;!?]*\bthen ?$/,
  },
  {
    label: 'what_if',
    why: 'under a condition ("9 if it were cheaper")',
    after:
      /^[^.;!?。！？,，()\-—–]*?\b(?:if|unless|once|when)\b(?! (?:i'm honest|im honest|i am honest|you ask me|i had to|i have to|i must|anything|i'm being honest)\b)/,
  },
  {
    label: 'what_if',
    why: '如果…的话',
    before:
      /(?:如果|要是|假如|若是|否则|否則|的话|的話|[点點些](?:我|你们|你們)?[就才](?:会|會|能)?(?:给|給|打)?)(?<!(?:打分|评分|評分|非要|一定要|硬要|让我|讓我|非得)[^，,]{0,4}(?:的话|的話))[^.;!?。！？]{0,12}$/,
  },
  {
    label: 'past',
    why: 'a score from before',
    test: (c) => /\b(?:was|were|used to be|gave it|gave)\s(?:it |a |an )?$/.test(c.before) && PAST_AFTER.test(c.after),
  },
  { label: 'past', why: 'a score from before', after: /^ (?:last time|last year|before|previously|earlier)\b/ },
  {
    label: 'past',
    why: 'a score from before',
    after: /^ (?:a |an |one |two |\d+ )?(?:years?|months?|weeks?|days?) ago\b/,
  },
  { label: 'past', why: 'a score from before', before: /\bused to be (?:a |an )?$/ },
  {
    label: 'what_if',
    why: 'a score wished for or not given',
    before:
      /\b(?:(?:would|'d|could) have (?:said|given|rated|been)(?: it)?|(?:going to|gonna|want to|wanted to|tempted to|would love to|i'd love to|wish i could|like to|hoped to|meant to) (?:say|give(?: it| you)?|rate(?: it)?)) (?:a |an )?$/,
  },
  { label: 'other', why: 'a time ("at 5")', before: /^\s*(?:at|@)\s?$/ },
  {
    label: 'past',
    why: 'a score from before',
    before:
      /\b(?:last (?:time|year|month|week)|previously|before|at first|originally)\s?(?:it was |was |i gave |a |an )?$/,
  },
  {
    label: 'past',
    why: 'a score from before',
    before: /(?:以前|之前|去年|上次|原来|原來|过去|過去|本来|本來)(?:给过|給過|打过|打過|是|给|給|打|会给|會給)?$/,
  },
  // ——— scores that need confirming, or another question
  {
    label: 'hedged',
    why: 'a question mark',
    after: /^[\s\uE000]*(?:分|points?|pts?)?\s*(?:吧|呢|吗|嗎|啊)?\s*(?:\?|？)/,
  },
  { label: 'hedged', why: 'asked, not told ("is 4 ok?")', after: /^[^.;!。！,，]{0,12}[?？]\s*$/ },
  {
    label: 'hedged',
    why: '"-ish", "左右"',
    after:
      /^[\s\uE000]*(?:-?ish\b|分?左右|分?上下|or so\b|maybe\b|probably\b|prob\b|prolly\b|probs\b|perhaps\b|i guess\b|吧[?？]|吗|嗎)/,
  },
  {
    label: 'hedged',
    why: '"maybe", "about", "大概"',
    before:
      /(?:\bmaybe|\bperhaps|\bprobably|\bprob|\bprolly|\bprobs|\bpossibly|\baround|\babout|\broughly|\bapprox(?:imately)?|\bclose to|\bnearly|\balmost|\bi guess|\bkinda|\bkind of|\bsort of|\bmore or less|\bsomething like|\bguess|大概|大約|大约|也许|也許|或许|或許|可能|差不多|估计|估計|大致|将近|將近|接近|约|約)\s?(?:(?:i'd |i would |id )?(?:say|go with|give it|give|rate it|put it at) )?(?:a |an |是|给|給|打|会给|會給|能给|能給)?\s?$/,
  },
  {
    label: 'bound',
    why: 'a comparison',
    before:
      /(?:\bmore than|\bless than|\bfewer than|\bgreater than|\bhigher than|\blower than|\bbetter than|\bworse than|\bat least|\bat most|\bover|\bunder|\babove|\bbelow|\bup to|\bbeyond|\bbetween|\bminimum|\bmaximum|\bmin|\bmax|顶多|頂多|充其量|[<>≥≤]|超过|超過|不止|不只|远超|遠超|不少于|不少於|至少|最多|不低于|不低於|不高于|不高於|低于|低於|高于|高於|大于|大於|小于|小於|起码|起碼|最少) ?(?:a |an )?$/,
  },
  {
    label: 'bound',
    why: 'a comparison',
    after:
      /^ ?(?:\+|plus\b|at (?:best|most|least|max|the (?:very )?(?:most|least|best))\b|max\b|tops\b|minimum\b|or (?:more|higher|above|better|less|lower|below|under)\b|分?不能再(?:多|高)|分?(?:都|也)?嫌(?:多|高)|分?封顶|分?封頂|and (?:up|above|higher|below|lower|over)\b|分?以上|分?以下|分?多(?!了)|分?出头|分?出頭|分?往上|分?往下)/,
  },
  { label: 'stars', why: 'stars', after: /^\s?(?:-\s?)?(?:stars?\b|⭐|★|颗星|顆星|粒星|星(?!期))/u },
  {
    label: 'other_scale',
    why: 'another scale ("4/5")',
    after: new RegExp(
      `^\\s*(?:/|out of|outta|of)\\s?(?:\\d|one|two|three|four|five|six|seven|eight|nine|hundred|[${NUMERAL}])`,
    ),
  },
  { label: 'other_scale', why: 'another scale ("4/5")', before: /(?:\/|out of|outta) ?$/ },
  { label: 'other_scale', why: 'another scale ("满分5分")', before: /(?:满分|滿分|总分|總分)(?:是|为|為)? ?$/ },
  { label: 'half', why: 'a half point', after: /^ ?(?:and a half|& a half|and half|n a half|分半|半)/ },
  { label: 'half', why: '".5"', form: 'digits', before: /(?:^|[^\d])\.$/ },
  { label: 'minus', why: 'a sign in words', before: /(?:\bnegative|\bminus|\bneg|负|負) ?$/ },
  { label: 'minus', why: 'a minus sign', form: 'digits', before: /(?:^|[\s(:,])-$/ },
  // ——— plainly the score
  { label: 'strong', why: 'points or 分 after it', after: /^ ?(?:分|(?:points?|pts?|pt)\b)/ },
  { label: 'strong', why: 'said with its scale ("8/10")', after: /^\s?\uE000/ },
  { label: 'strong', why: 'said emphatically', after: IDIOM_AFTER },
  {
    label: 'strong',
    why: 'a rating verb before it',
    before:
      /(?:\b(?:give|gave|giving|rate|rated|rating|score|scored|scoring|say|put|call|grade|mark|vote|choose|pick|picked|it's|its|it is|that's)\b(?: (?:it|this|you|them|u|us|the app|the product|the service|him|her|my|an?|of|at|is|was|would be|to be|solid|strong|hard|easy|clear|definitely|easily|honestly))*\s?[:=-]?\s?|我?(?:给|給|打|评|評|选|選)(?:个|個|它|你|你们|你們)? ?|(?:评分|評分|分数|分數|打分)(?:是|为|為|:|：)? ?)$/,
  },
  {
    label: 'strong',
    why: 'opens the answer',
    // Whatever follows: a count there ("3 bugs today") is labelled as one by its own rule.
    test: atStart,
  },
  {
    label: 'strong',
    why: 'closes the answer',
    test: (c) =>
      atEnd(c) &&
      /(?:^|[,.;:!?\-–—，。；：！？()]\s*|\b(?:so|overall|honestly|tbh|imo|anyway|still|but|and|just|a|an|solid|strong|total|definitely|easily|now|today|currently|rn))\s*$/.test(
        c.before,
      ),
  },
];

export function matches(rule: Rule, candidate: Candidate): boolean {
  if (rule.form && rule.form !== candidate.form) return false;
  if (rule.written && !rule.written.test(candidate.written)) return false;
  if (rule.before && !rule.before.test(candidate.before)) return false;
  if (rule.after && !rule.after.test(candidate.after)) return false;
  return rule.test ? rule.test(candidate) : true;
}

export function labelsOf(candidate: Candidate): { labels: Set<Label>; why: string[] } {
  const labels = new Set<Label>();
  const why: string[] = [];
  for (const rule of RULES) {
    if (!matches(rule, candidate)) continue;
    labels.add(rule.label);
    why.push(`${rule.label}: ${rule.why}`);
  }
  return { labels, why };
}
