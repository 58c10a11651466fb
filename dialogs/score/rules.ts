/**
 * What each number in an answer is, as a table: one row is one rule, in English or Chinese.
 * The rows here say how a score is given — or not given, hedged, bounded, on another scale;
 * dialogs/score/rules-not-scores.ts holds the numbers that are no score at all.
 */
import type { Candidate } from './candidates.js';
import { type Label, matches, type Rule } from './label.js';
import { NOT_SCORE_RULES } from './rules-not-scores.js';
import { A, atEnd, atStart, IDIOM_AFTER, NUMERAL, PAST_AFTER } from './surroundings.js';

const SCORE_RULES: readonly Rule[] = [
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

export const RULES: readonly Rule[] = [...NOT_SCORE_RULES, ...SCORE_RULES];

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
