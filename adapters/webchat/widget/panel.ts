/**
 * The panel's parts: one dialog (no banner or other landmark that would clash with the host
 * page's), a header with the brand, the message log (a polite live region that can be focused
 * and scrolled with the keyboard), the answer buttons, and the reply box or, once nothing more
 * is asked, a closing line.
 */
import { MAX_TEXT_LENGTH } from '../../../dialogs/text-limit.js';
import { chatIcon, element } from './render.js';
import type { BubbleStrings } from './strings.js';
import type { BubbleTheme } from './theme.js';

export class PanelView {
  readonly launcher = element('button', 'launcher');
  readonly panel = element('div', 'panel');
  readonly closeButton = element('button', 'close', '×');
  readonly log = element('div', 'log');
  readonly typing = element('div', 'typing');
  readonly choices = element('div', 'choices');
  readonly ends = element('div', 'ends');
  readonly form = element('form', 'reply');
  readonly input = element('input');
  readonly sendButton = element('button');
  readonly finished = element('p', 'finished');
  private readonly heading = element('h2');
  private readonly subtitle = element('p');

  constructor(private readonly theme: BubbleTheme) {
    this.launcher.type = 'button';
    this.launcher.append(chatIcon());
    this.launcher.setAttribute('aria-expanded', 'false');
    this.panel.hidden = true;
    this.panel.setAttribute('role', 'dialog');
    this.heading.id = 'npsbot-heading';
    this.subtitle.id = 'npsbot-subtitle';
    this.panel.setAttribute('aria-labelledby', 'npsbot-heading npsbot-subtitle');
    this.closeButton.type = 'button';
    this.log.setAttribute('role', 'log');
    this.log.setAttribute('aria-live', 'polite');
    // Scrollable content must be reachable without a mouse (WCAG 2.1.1).
    this.log.tabIndex = 0;
    this.typing.hidden = true;
    this.typing.setAttribute('aria-hidden', 'true');
    this.typing.append(element('span', '', '●'), element('span', '', '●'), element('span', '', '●'));
    this.choices.hidden = true;
    this.choices.tabIndex = -1;
    this.choices.setAttribute('role', 'group');
    this.ends.hidden = true;
    // The buttons at the ends carry these words in their names already.
    this.ends.setAttribute('aria-hidden', 'true');
    this.input.type = 'text';
    this.input.maxLength = MAX_TEXT_LENGTH;
    this.input.autocomplete = 'off';
    this.sendButton.type = 'submit';
    this.form.append(this.input, this.sendButton);
    this.finished.hidden = true;
    this.panel.append(this.header(), this.log, this.choices, this.ends, this.form, this.finished);
  }

  private header(): HTMLElement {
    const head = element('div', 'head');
    if (this.theme.logo) {
      const logo = element('img');
      logo.src = this.theme.logo;
      // The brand's name is written beside it.
      logo.alt = '';
      head.append(logo);
    }
    const names = element('div', 'names');
    this.heading.textContent = this.theme.brand;
    names.append(this.heading, this.subtitle);
    head.append(names, this.closeButton);
    return head;
  }

  applyStrings(s: BubbleStrings, ended: 'no' | 'finished' | 'followingUp'): void {
    this.subtitle.textContent = this.theme.title[s.locale] ?? this.theme.title.en ?? s.title;
    this.launcher.setAttribute('aria-label', s.open);
    this.closeButton.setAttribute('aria-label', s.close);
    this.log.setAttribute('aria-label', s.log);
    this.input.setAttribute('aria-label', s.answer);
    this.input.placeholder = ended === 'followingUp' ? s.followUpPlaceholder : s.placeholder;
    this.sendButton.textContent = s.send;
    this.finished.textContent = s.finished;
    this.form.hidden = ended === 'finished';
    this.finished.hidden = ended !== 'finished';
  }

  showOpen(open: boolean): void {
    this.panel.hidden = !open;
    this.launcher.setAttribute('aria-expanded', String(open));
  }

  scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }
}
