/** 繁體中文 messages. */
import type { MessageKey } from './en.js';

export const zhTW: Record<MessageKey, string> = {
  greetingNamed: '{name}，您好！',
  greetingAnonymous: '您好！',
  scoreQuestion: '您有多大可能向朋友或同事推薦{brand}？',
  scaleLow: '完全不可能',
  scaleHigh: '非常可能',
  scoreHint: '請選擇 0 到 10 之間的一個數字。',

  invalidNoNumber: '抱歉，我沒有看到分數。請回覆 0 到 10 之間的一個整數。',
  invalidAmbiguous: '請只選擇 0 到 10 之間的一個數字。',
  invalidNotWhole: '請使用 0 到 10 之間的整數，不要帶小數。',
  invalidOutOfRange: '分數範圍是 0 到 10，請在這個範圍內選擇。',
  invalidTooLong: '這則訊息太長了，我無法從中讀出分數。請回覆 0 到 10 之間的一個整數。',
  confirmGuess: '您是想打{score}分嗎？點下面的分數確認，或選擇 0 到 10 之間的另一個分數。',
  gaveUp: '沒關係，我們就到這裡。感謝您抽出時間！',
  declined: '沒關係，這次就先不打擾了。感謝您抽出時間！',

  reasonDetractor: '很抱歉聽到這個。哪裡出了問題？',
  reasonPassive: '謝謝！怎樣才能讓您打 10 分？',
  reasonPromoter: '太好了，謝謝您！您最看重{brand}的哪一點？',
  skipHint: '（輸入「跳過」可跳過此問題。）',

  areaQuestion: '問題主要出在哪個方面？',
  areaInvalid: '請從下面的選項中選擇一個，或輸入「跳過」。',
  area_product: '產品',
  area_service: '服務',
  area_price: '價格',
  area_reliability: '穩定性',
  area_other: '其他',

  contactQuestion: '您希望{brand}的工作人員就此聯絡您嗎？',
  contactInvalid: '請回答「是」或「否」。',
  yes: '是',
  no: '否',
  contactPromised: '謝謝您。我們的團隊會在 {hours} 小時內在這裡回覆您。',
  detractorThanks: '感謝您告訴我們。我們會根據您的回饋做得更好。',
  contactDetailsQuestion:
    '我們該如何聯絡您？請輸入您的電子郵件地址或電話號碼，或輸入「跳過」，在這個聊天視窗裡等我們回覆。',
  contactDetailsInvalid: '這看起來不像電子郵件地址或電話號碼。請再試一次，或輸入「跳過」，在這個聊天視窗裡等我們回覆。',
  contactPromisedChat: '謝謝您。我們的團隊會在 {hours} 小時內在這個聊天視窗裡回覆您；請回到本頁面查看。',
  contactPromisedEmail: '謝謝您。我們的團隊會在 {hours} 小時內寄電子郵件到 {email} 與您聯絡。',
  contactPromisedPhone: '謝謝您。我們的團隊會在 {hours} 小時內透過 {phone} 與您聯絡。',
  followUpAcknowledged: '謝謝，我已把這則訊息加到您的問題紀錄裡。我們的團隊會看到並在這裡回覆您。',
  followUpPassedOn: '謝謝，我已轉告我們的團隊。',
  agentReply: '{text}',

  passiveThanks: '感謝您的回饋！我們的團隊會閱讀每一則回答，並據此決定下一步改進什麼。',

  promoterThanks: '感謝您對{brand}的支持！',
  rewardCode: '這是送給您的獎勵碼：{code}',
  rewardExhausted: '抱歉，獎勵碼已經發完了。仍然非常感謝您！',
  reviewInvite: '如果方便的話，寫則評論能幫助更多人找到我們：{url}',
  referralInvite: '認識會喜歡{brand}的人嗎？分享您的推薦連結：{url}',

  help: '我想了解您向別人推薦{brand}的可能性，0 分表示完全不可能，10 分表示非常可能。輸入「跳過」可跳過問題，輸入「重新開始」可從頭再來，輸入「退訂」則不再收到此類調查。',
  optedOut: '您已退訂，我們不會再向您發送此類調查。謝謝！',
  restarted: '好的，我們重新開始。',
  alreadyDone: '您已經回答過了，謝謝！如需重新回答，請輸入「重新開始」。',
  reminder: '溫馨提醒：我們很想聽聽您的意見。',
  expired: '本次調查已結束。仍然感謝您！',
  unavailable: '抱歉，我們這邊出了點問題，請稍後再試。',
};
