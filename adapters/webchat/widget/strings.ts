/**
 * The bubble's own words (its title, labels and notices) in the bot's three locales. What the
 * bot says comes from the server, already in the visitor's language.
 */

export type BubbleLocale = 'en' | 'zh-CN' | 'zh-TW';

export interface BubbleStrings {
  locale: BubbleLocale;
  title: string;
  open: string;
  close: string;
  log: string;
  answer: string;
  placeholder: string;
  followUpPlaceholder: string;
  send: string;
  notSent: string;
  restarted: string;
  /** Where the text box was, once the survey has ended and nothing more is asked. */
  finished: string;
  copy: string;
  copied: string;
  copyFailed: string;
  review: string;
  referral: string;
}

const EN: BubbleStrings = {
  locale: 'en',
  title: 'Quick question',
  open: 'Open the survey chat',
  close: 'Close the survey chat',
  log: 'Conversation',
  answer: 'Your answer',
  placeholder: 'Type your answer…',
  followUpPlaceholder: 'Write to our team…',
  send: 'Send',
  notSent: "Your answer didn't get through. Please try again.",
  restarted: 'That conversation has ended, so here is a new one.',
  finished: 'All done. Thank you for your answers!',
  copy: 'Copy code',
  copied: 'Copied',
  copyFailed: 'Select the code to copy it',
  review: 'Write a review',
  referral: 'Open your referral link',
};

const ZH_CN: BubbleStrings = {
  locale: 'zh-CN',
  title: '一个小问题',
  open: '打开问卷聊天',
  close: '关闭问卷聊天',
  log: '对话',
  answer: '您的回答',
  placeholder: '输入您的回答…',
  followUpPlaceholder: '给我们的团队留言…',
  send: '发送',
  notSent: '您的回答没有发送成功，请再试一次。',
  restarted: '之前的对话已结束，这是一个新的对话。',
  finished: '已完成，感谢您的回答！',
  copy: '复制代码',
  copied: '已复制',
  copyFailed: '请选中代码进行复制',
  review: '写评价',
  referral: '打开您的推荐链接',
};

const ZH_TW: BubbleStrings = {
  locale: 'zh-TW',
  title: '一個小問題',
  open: '開啟問卷聊天',
  close: '關閉問卷聊天',
  log: '對話',
  answer: '您的回答',
  placeholder: '輸入您的回答…',
  followUpPlaceholder: '給我們的團隊留言…',
  send: '傳送',
  notSent: '您的回答沒有傳送成功，請再試一次。',
  restarted: '先前的對話已結束，這是一個新的對話。',
  finished: '已完成，感謝您的回答！',
  copy: '複製代碼',
  copied: '已複製',
  copyFailed: '請選取代碼進行複製',
  review: '撰寫評論',
  referral: '開啟您的推薦連結',
};

/** The same reading of a locale tag as the bot's (dialogs/locale.ts); English for the rest. */
export function stringsFor(locale: string | undefined): BubbleStrings {
  const tag = (locale ?? '').trim();
  if (!/^zh($|[-_])/i.test(tag)) return EN;
  return /^zh[-_](tw|hk|mo|hant)/i.test(tag) ? ZH_TW : ZH_CN;
}
