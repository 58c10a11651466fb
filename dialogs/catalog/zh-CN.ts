/** 简体中文 messages. */
import type { MessageKey } from './en.js';

export const zhCN: Record<MessageKey, string> = {
  greetingNamed: '{name}，您好！',
  greetingAnonymous: '您好！',
  scoreQuestion: '您有多大可能向朋友或同事推荐{brand}？',
  scaleLow: '完全不可能',
  scaleHigh: '非常可能',
  scoreHint: '请选择 0 到 10 之间的一个数字。',

  invalidNoNumber: '抱歉，我没有看到分数。请回复 0 到 10 之间的一个整数。',
  invalidAmbiguous: '请只选择 0 到 10 之间的一个数字。',
  invalidNotWhole: '请使用 0 到 10 之间的整数，不要带小数。',
  invalidOutOfRange: '分数范围是 0 到 10，请在这个范围内选择。',
  invalidTooLong: '这条消息太长了，我无法从中读出分数。请回复 0 到 10 之间的一个整数。',
  confirmGuess: '您是想打{score}分吗？点下面的分数确认，或选择 0 到 10 之间的另一个分数。',
  gaveUp: '没关系，我们就到这里。感谢您抽出时间！',
  declined: '没关系，这次就先不打扰了。感谢您抽出时间！',

  reasonDetractor: '很抱歉听到这个。哪里出了问题？',
  reasonPassive: '谢谢！怎样才能让您打 10 分？',
  reasonPromoter: '太好了，谢谢您！您最看重{brand}的哪一点？',
  skipHint: '（输入“跳过”可跳过此问题。）',

  areaQuestion: '问题主要出在哪个方面？',
  areaInvalid: '请从下面的选项中选择一个，或输入“跳过”。',
  area_product: '产品',
  area_service: '服务',
  area_price: '价格',
  area_reliability: '稳定性',
  area_other: '其他',

  contactQuestion: '您希望{brand}的工作人员就此联系您吗？',
  contactInvalid: '请回答“是”或“否”。',
  yes: '是',
  no: '否',
  contactPromised: '谢谢您。我们的团队会在 {hours} 小时内在这里回复您。',
  detractorThanks: '感谢您告诉我们。我们会根据您的反馈做得更好。',
  contactDetailsQuestion: '我们怎样联系您？请输入您的电子邮箱或电话号码，或输入“跳过”，在这个聊天窗口里等我们回复。',
  contactDetailsInvalid: '这看起来不像电子邮箱或电话号码。请再试一次，或输入“跳过”，在这个聊天窗口里等我们回复。',
  contactPromisedChat: '谢谢您。我们的团队会在 {hours} 小时内在这个聊天窗口里回复您；请回到本页面查看。',
  contactPromisedEmail: '谢谢您。我们的团队会在 {hours} 小时内发邮件到 {email} 联系您。',
  contactPromisedPhone: '谢谢您。我们的团队会在 {hours} 小时内通过 {phone} 联系您。',
  followUpAcknowledged: '谢谢，我已把这条消息加到您的问题记录里。我们的团队会看到并在这里回复您。',
  followUpPassedOn: '谢谢，我已转告我们的团队。',
  agentReply: '{text}',

  passiveThanks: '感谢您的反馈！我们的团队会阅读每一条回答，并据此决定下一步改进什么。',

  promoterThanks: '感谢您对{brand}的支持！',
  rewardCode: '这是送给您的奖励码：{code}',
  rewardExhausted: '抱歉，奖励码已经发完了。仍然非常感谢您！',
  reviewInvite: '如果方便的话，写条评价能帮助更多人找到我们：{url}',
  referralInvite: '认识会喜欢{brand}的人吗？分享您的推荐链接：{url}',

  help: '我想了解您向别人推荐{brand}的可能性，0 分表示完全不可能，10 分表示非常可能。输入“跳过”可跳过问题，输入“重新开始”可从头再来，输入“退订”则不再收到此类调查。',
  optedOut: '您已退订，我们不会再向您发送此类调查。谢谢！',
  restarted: '好的，我们重新开始。',
  alreadyDone: '您已经回答过了，谢谢！如需重新回答，请输入“重新开始”。',
  reminder: '温馨提醒：我们很想听听您的意见。',
  expired: '本次调查已结束。仍然感谢您！',
  unavailable: '抱歉，我们这边出了点问题，请稍后再试。',
};
