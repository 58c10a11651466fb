/** English messages: the reference catalogue. Every key here must exist in every other locale. */
export const en = {
  greetingNamed: 'Hi {name}!',
  greetingAnonymous: 'Hi there!',
  scoreQuestion: 'How likely are you to recommend {brand} to a friend or colleague?',
  scaleLow: 'Not at all likely',
  scaleHigh: 'Extremely likely',
  scoreHint: 'Pick a number from 0 to 10.',

  invalidNoNumber: "Sorry, I didn't catch a score. Please answer with one whole number from 0 to 10.",
  invalidAmbiguous: 'Please pick just one number from 0 to 10.',
  invalidNotWhole: 'Please use a whole number from 0 to 10, without decimals.',
  invalidOutOfRange: 'The scale goes from 0 to 10. Please pick a number in that range.',
  invalidTooLong: 'That message is too long to read a score from. Please answer with one whole number from 0 to 10.',
  confirmGuess: 'Did you mean {score} out of 10? Tap it below to confirm, or pick another number from 0 to 10.',
  gaveUp: "No problem, let's leave it there. Thank you for your time!",
  declined: "No problem, we'll leave it for now. Thank you for your time!",

  reasonDetractor: "We're sorry to hear that. What went wrong?",
  reasonPassive: 'Thank you! What would make it a 10 for you?',
  reasonPromoter: 'Wonderful, thank you! What do you value most about {brand}?',
  skipHint: '(Type "skip" to skip this question.)',

  areaQuestion: 'Which area caused the problem?',
  areaInvalid: 'Please choose one of the areas below, or type "skip".',
  area_product: 'Product',
  area_service: 'Service',
  area_price: 'Price',
  area_reliability: 'Reliability',
  area_other: 'Something else',

  contactQuestion: 'Would you like someone from {brand} to contact you about this?',
  contactInvalid: 'Please answer yes or no.',
  yes: 'Yes',
  no: 'No',
  contactPromised: 'Thank you. Someone from our team will reply to you here within {hours} hours.',
  detractorThanks: "Thank you for telling us. We'll use your feedback to do better.",
  contactDetailsQuestion:
    'How can we reach you? Type your email address or phone number, or "skip" to hear from us here in this chat.',
  contactDetailsInvalid:
    'That doesn\'t look like an email address or a phone number. Please try again, or type "skip" to hear from us here in this chat.',
  contactPromisedChat:
    'Thank you. Someone from our team will reply here in this chat within {hours} hours; come back to this page to read it.',
  contactPromisedEmail: 'Thank you. Someone from our team will email you at {email} within {hours} hours.',
  contactPromisedPhone: 'Thank you. Someone from our team will contact you at {phone} within {hours} hours.',
  followUpAcknowledged: "Thank you, I've added that to your case. Our team will see it and reply here.",
  followUpPassedOn: "Thank you, I've passed that on to our team.",
  agentReply: '{text}',

  passiveThanks: 'Thanks for your feedback! Our team reads every answer and uses it to decide what to improve next.',

  promoterThanks: 'Thank you for being a fan of {brand}!',
  rewardCode: 'As a thank-you, here is your reward code: {code}',
  rewardExhausted: "We've run out of reward codes for now, sorry! Thank you all the same.",
  reviewInvite: 'If you have a minute, a review helps others find us: {url}',
  referralInvite: 'Know someone who would like {brand}? Share your referral link: {url}',

  help: 'I\'m asking how likely you are to recommend {brand}, on a scale from 0 (not at all likely) to 10 (extremely likely). Type "skip" to skip a question, "restart" to start over, or "stop" to never receive these surveys again.',
  optedOut: "You're unsubscribed: we won't send you these surveys again. Thank you!",
  restarted: "Sure, let's start over.",
  alreadyDone: 'You have already answered, thank you! Type "restart" if you would like to answer again.',
  reminder: 'Just a quick reminder: we would love to hear from you.',
  expired: 'This survey has closed. Thank you anyway!',
  unavailable: 'Sorry, something went wrong on our side. Please try again in a moment.',
} as const;

export type MessageKey = keyof typeof en;
