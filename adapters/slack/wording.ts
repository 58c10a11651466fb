/**
 * The few things only Slack says, in every locale the survey speaks: the slash command's
 * ephemeral answers and the labels of the escalation post. The survey's own messages come
 * from the dialog catalogues, never from here.
 */
import type { Locale } from '../../dialogs/index.js';

export interface SlackWording {
  /** The ephemeral answer to `/nps`: where the survey went. */
  surveyInDm: string;
  /** `/nps report` until reports in Slack exist. */
  reportUnavailable: string;
  escalationTitle: string;
  score: string;
  reason: string;
  area: string;
  contact: string;
  respondBy: string;
  touchpoint: string;
  response: string;
  /** Stands in for an answer the person skipped. */
  none: string;
}

export const SLACK_WORDING: Readonly<Record<Locale, SlackWording>> = {
  en: {
    surveyInDm: "I've sent you a short survey in our direct messages.",
    reportUnavailable: 'Reports in Slack are not available yet. Ask your admin for the dashboard link.',
    escalationTitle: 'A detractor asked to be contacted',
    score: 'Score',
    reason: 'Reason',
    area: 'Area',
    contact: 'Who to contact',
    respondBy: 'Respond by',
    touchpoint: 'Touchpoint',
    response: 'Response',
    none: '(none given)',
  },
  'zh-CN': {
    surveyInDm: '我已在私信中给你发送了一份简短的调查。',
    reportUnavailable: 'Slack 中暂时还不能查看报告，请向管理员索取仪表板链接。',
    escalationTitle: '一位贬损者希望被联系',
    score: '评分',
    reason: '原因',
    area: '方面',
    contact: '联系人',
    respondBy: '请在此时间前回复',
    touchpoint: '触点',
    response: '答卷',
    none: '（未填写）',
  },
  'zh-TW': {
    surveyInDm: '我已在私訊中傳給你一份簡短的調查。',
    reportUnavailable: 'Slack 中暫時還無法查看報告，請向管理員索取儀表板連結。',
    escalationTitle: '一位貶損者希望被聯絡',
    score: '評分',
    reason: '原因',
    area: '方面',
    contact: '聯絡人',
    respondBy: '請在此時間前回覆',
    touchpoint: '接觸點',
    response: '答卷',
    none: '（未填寫）',
  },
};
