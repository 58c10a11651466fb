/**
 * The bubble's own words (its title, labels and notices) in the bot's three locales. What the
 * bot says comes from the server, already in the visitor's language.
 */

export interface BubbleStrings {
  title: string;
  dialog: string;
  open: string;
  close: string;
  answer: string;
  placeholder: string;
  send: string;
  typing: string;
  notSent: string;
  restarted: string;
}

const EN: BubbleStrings = {
  title: 'Quick question',
  dialog: 'Survey chat',
  open: 'Open the survey chat',
  close: 'Close the survey chat',
  answer: 'Your answer',
  placeholder: 'Type your answer…',
  send: 'Send',
  typing: 'Typing',
  notSent: "Your answer didn't get through. Please try again.",
  restarted: 'That conversation has ended, so here is a new one.',
};

const ZH_CN: BubbleStrings = {
  title: '一个小问题',
  dialog: '问卷聊天',
  open: '打开问卷聊天',
  close: '关闭问卷聊天',
  answer: '您的回答',
  placeholder: '输入您的回答…',
  send: '发送',
  typing: '正在输入',
  notSent: '您的回答没有发送成功，请再试一次。',
  restarted: '之前的对话已结束，这是一个新的对话。',
};

const ZH_TW: BubbleStrings = {
  title: '一個小問題',
  dialog: '問卷聊天',
  open: '開啟問卷聊天',
  close: '關閉問卷聊天',
  answer: '您的回答',
  placeholder: '輸入您的回答…',
  send: '傳送',
  typing: '正在輸入',
  notSent: '您的回答沒有傳送成功，請再試一次。',
  restarted: '先前的對話已結束，這是一個新的對話。',
};

/** The same reading of a locale tag as the bot's (dialogs/locale.ts); English for the rest. */
export function stringsFor(locale: string | undefined): BubbleStrings {
  const tag = (locale ?? '').trim();
  if (!/^zh($|[-_])/i.test(tag)) return EN;
  return /^zh[-_](tw|hk|mo|hant)/i.test(tag) ? ZH_TW : ZH_CN;
}
