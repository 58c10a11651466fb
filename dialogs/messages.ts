/**
 * Builds the dialog's messages for a survey and locale: text from the catalogue (with the
 * survey's overrides), plus the choices and expectation each question carries.
 */
import { type MessageKey, translate } from './catalog/index.js';
import { categorise } from './categories.js';
import { normaliseReply } from './commands.js';
import type { Locale } from './locale.js';
import { areaId, type Survey } from './survey.js';
import type { Category, Choice, DialogMessage, Expectation, Offer } from './types.js';

export class MessageWriter {
  constructor(
    private readonly survey: Survey,
    readonly locale: Locale,
  ) {}

  text(key: MessageKey, params: Record<string, string | number> = {}): string {
    return translate(this.locale, key, { brand: this.survey.brand, ...params }, this.survey.texts);
  }

  say(key: MessageKey, params: Record<string, string | number> = {}, expects: Expectation = 'none'): DialogMessage {
    return { key, text: this.text(key, params), expects };
  }

  /** The reward code, review or referral message, with what it offers kept beside its text. */
  offer(offer: Offer): DialogMessage {
    if (offer.kind === 'reward') return { ...this.say('rewardCode', { code: offer.code }), offer };
    return { ...this.say(offer.kind === 'review' ? 'reviewInvite' : 'referralInvite', { url: offer.url }), offer };
  }

  greeting(userName: string | null): DialogMessage {
    return userName ? this.say('greetingNamed', { name: userName }) : this.say('greetingAnonymous');
  }

  scoreQuestion(): DialogMessage {
    // Each score carries its category, so a channel can colour the buttons without knowing the bands.
    const choices: Choice[] = Array.from({ length: 11 }, (_, score) => ({
      label: String(score),
      value: String(score),
      category: categorise(score, this.survey.scoreBands),
    }));
    return {
      key: 'scoreQuestion',
      text: this.text('scoreQuestion'),
      choices,
      expects: 'score',
      scale: { low: this.text('scaleLow'), high: this.text('scaleHigh') },
    };
  }

  reasonQuestion(category: Category): DialogMessage {
    const key = ({ detractor: 'reasonDetractor', passive: 'reasonPassive', promoter: 'reasonPromoter' } as const)[
      category
    ];
    // Chinese runs sentences together; English puts a space between them.
    const gap = this.locale === 'en' ? ' ' : '';
    return { key, text: `${this.text(key)}${gap}${this.text('skipHint')}`, expects: 'text' };
  }

  areaChoices(): Choice[] {
    return this.survey.detractorAreas.map((area) => {
      if (typeof area === 'string') {
        const key = `area_${area}`;
        const label = (this.survey.texts[this.locale] as Record<string, string | undefined> | undefined)?.[key];
        return { value: area, label: label ?? this.builtInAreaLabel(area) };
      }
      return { value: area.id, label: area.label[this.locale] ?? area.label.en ?? area.id };
    });
  }

  private builtInAreaLabel(id: string): string {
    const key = `area_${id}` as MessageKey;
    const known = ['area_product', 'area_service', 'area_price', 'area_reliability', 'area_other'];
    return known.includes(key) ? this.text(key) : id;
  }

  areaQuestion(): DialogMessage {
    return { key: 'areaQuestion', text: this.text('areaQuestion'), choices: this.areaChoices(), expects: 'choice' };
  }

  /** Finds the area a typed answer or button value names, by id or by label in this locale. */
  matchArea(answer: string): string | undefined {
    const wanted = normaliseReply(answer);
    const ids = this.survey.detractorAreas.map(areaId);
    if (ids.includes(wanted)) return wanted;
    return this.areaChoices().find((choice) => normaliseReply(choice.label) === wanted)?.value;
  }

  yesNoChoices(): Choice[] {
    return [
      { label: this.text('yes'), value: 'yes' },
      { label: this.text('no'), value: 'no' },
    ];
  }

  contactQuestion(): DialogMessage {
    return {
      key: 'contactQuestion',
      text: this.text('contactQuestion'),
      choices: this.yesNoChoices(),
      expects: 'choice',
    };
  }

  /** Re-asks a question after a wrong answer, keeping its choices so buttons still show. */
  reprompt(key: MessageKey, question: DialogMessage, params: Record<string, string | number> = {}): DialogMessage {
    const { key: _questionKey, text: _questionText, ...rest } = question;
    return { ...rest, key, text: this.text(key, params) };
  }
}

/** The detractor areas' labels in one locale, by id: what the dashboard shows instead of ids. */
export function detractorAreaLabels(survey: Survey, locale: Locale): Record<string, string> {
  return Object.fromEntries(new MessageWriter(survey, locale).areaChoices().map((area) => [area.value, area.label]));
}
