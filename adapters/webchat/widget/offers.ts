/**
 * What the survey hands over at its end, shown so it looks finished: the reward code in its own
 * block with a copy button that says when it copied, and the review and referral links as
 * buttons (links styled as buttons, opening a new tab without giving it this page).
 */
import type { Message } from './api.js';
import { element, safeLink } from './render.js';
import type { BubbleStrings } from './strings.js';

type Offer = NonNullable<Message['offer']>;

/** The message's text without the code or link (shown below it instead), then that block. */
export function offerLine(text: string, offer: Offer, strings: BubbleStrings): Node[] {
  const handed = offer.kind === 'reward' ? offer.code : offer.url;
  const lead = document.createTextNode(text.replace(handed, '').trim());
  return [lead, offer.kind === 'reward' ? rewardBlock(offer.code, strings) : linkButton(offer, strings)];
}

function linkButton(offer: Offer & { url: string }, strings: BubbleStrings): Node {
  const link = safeLink(offer.url);
  if (!link) return document.createTextNode(` ${offer.url}`);
  link.className = 'action';
  link.textContent = offer.kind === 'review' ? strings.review : strings.referral;
  return link;
}

function rewardBlock(code: string, strings: BubbleStrings): HTMLElement {
  const block = element('div', 'reward');
  const shown = element('code', '', code);
  const copy = element('button', '', strings.copy);
  copy.type = 'button';
  const feedback = element('span', 'copied');
  feedback.setAttribute('role', 'status');
  copy.addEventListener('click', () => {
    void copyText(code, shown).then((copied) => {
      feedback.textContent = copied ? `${strings.copied}: ${code}` : strings.copyFailed;
    });
  });
  block.append(shown, copy, feedback);
  return block;
}

/** The clipboard API where the page allows it, else the selection and the older copy command. */
async function copyText(code: string, shown: HTMLElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(code);
    return true;
  } catch {
    const range = document.createRange();
    range.selectNodeContents(shown);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    // The selection stays, so the visitor can copy it themselves if the command is refused too.
    return document.execCommand('copy');
  }
}
