/**
 * What surrounds a number, for the rules that a pattern alone cannot say: the words a score may
 * be followed by, where an answer opens and closes, a time contrast.
 */
import type { Candidate } from './candidates.js';

export const NUMERAL = '零〇一二两兩三四五六七八九十百';
export const A = '(?:a |an )?';

/** Words a score may be followed by; any other word ending in "s" after a number is a count ("3 releases"). */
export const FOLLOWS_A_SCORE = new Set(
  'is was as its this thanks yes has does always guys plus points pts pls plz less unless us thus cos bcs tbs ps'.split(
    ' ',
  ),
);
/** Words that may follow a score; any other word right after a number mid-answer makes it a count ("1 outage"). */
export const SCORE_FOLLOWERS = new Set(
  (
    'because cause coz cos cuz bc due given but and or nor yet so for from overall definitely honestly tbh imo really ' +
    'all is was would will i im it its the this that they we you me my here now today though tho although since as ' +
    'if when with without easily maybe probably perhaps at on in to out of points point pts pt stars star ish lol ' +
    'haha thanks thank ty thx please pls plz no not yes yeah great good solid ok okay very super pretty quite fine ' +
    'hands any right then just only too also even still atm rn tops max minimum least most best plus minus'
  ).split(' '),
);
export const countedWord = (c: Candidate) => {
  const word = /^ ([a-z]{2,})\b/.exec(c.after)?.[1];
  return word !== undefined && !SCORE_FOLLOWERS.has(word);
};
export const IDIOM_AFTER = /^ (?:hands down|all day|all the way|no doubt|no question|any day|for sure)\b/;
export const pluralAfter = (candidate: Candidate) => {
  if (IDIOM_AFTER.test(candidate.after)) return false;
  const word = /^ ?([a-z]{2,}s)\b/.exec(candidate.after)?.[1];
  return word !== undefined && !FOLLOWS_A_SCORE.has(word) && !/^(?:stars|points)$/.test(word);
};

export const atStart = (c: Candidate) =>
  c.at < 40 &&
  /^[\s"'(*]*(?:(?:a|an|solid|strong|hmm+|uh+|um+|ok|okay|well|honestly|so|like)[\s,.?!]*)*$/.test(c.before);
export const atEnd = (c: Candidate) => c.after.length < 40 && /^[\s\uE000.!。！~)"'*👍🙂😊:]*$/u.test(c.after);
/** A score said with a time contrast: "was a 9 before…", "gave it 5 last time". */
export const PAST_AFTER =
  /^[^.;!?,，。]{0,25}\b(?:before|until|till|last (?:time|year|month|week)|previously|ago|back then|at first|originally)\b/;
