/**
 * The words that steer a conversation from any step ("help", "stop", "restart", "skip")
 * and the yes/no answers, in all three locales. Matching is on the whole message, so a
 * reason such as "please stop charging me twice" is a reason, not an opt-out.
 */

export type Command = 'help' | 'stop' | 'restart' | 'skip';

const COMMAND_WORDS: Readonly<Record<Command, readonly string[]>> = {
  help: ['help', '?', 'what is this', '帮助', '幫助', '说明', '說明', '求助'],
  stop: ['stop', 'unsubscribe', 'opt out', 'opt-out', 'optout', '退订', '退訂', '停止', '取消订阅', '取消訂閱'],
  restart: ['restart', 'start over', 'start again', '重新开始', '重新開始', '重来', '重來'],
  skip: ['skip', 'pass', 'no comment', 'n/a', '跳过', '跳過', '略过', '略過'],
};

const YES_WORDS = [
  'yes',
  'y',
  'yeah',
  'yep',
  'sure',
  'ok',
  'okay',
  'please',
  'yes please',
  '是',
  '是的',
  '好',
  '好的',
  '可以',
  '要',
  '需要',
  'yup',
  'correct',
  'right',
  'exactly',
  'that is right',
  "that's right",
  '对',
  '對',
  '对的',
  '對的',
  '没错',
  '沒錯',
];
const NO_WORDS = [
  'no',
  'n',
  'nope',
  'no thanks',
  'no thank you',
  'not now',
  '否',
  '不',
  '不用',
  '不要',
  '不需要',
  '不用了',
  '算了',
];

/** Lower-case, folds full-width forms and drops surrounding punctuation and emoji. */
export function normaliseReply(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .replace(/\s+/g, ' ');
}

export function readCommand(text: string): Command | undefined {
  const reply = normaliseReply(text);
  // "?" is all punctuation, so it normalises to nothing; keep it as a request for help.
  if (reply === '' && text.trim() === '?') return 'help';
  for (const [command, words] of Object.entries(COMMAND_WORDS) as [Command, readonly string[]][]) {
    if (words.includes(reply)) return command;
  }
  return undefined;
}

export function readYesNo(text: string): boolean | undefined {
  const reply = normaliseReply(text);
  if (YES_WORDS.includes(reply)) return true;
  if (NO_WORDS.includes(reply)) return false;
  return undefined;
}
