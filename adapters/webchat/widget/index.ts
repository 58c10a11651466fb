/**
 * The website chat bubble: `<script src="https://HOST/webchat/widget.js" async></script>`.
 * Everything lives in a shadow root; every text is set with textContent, never as HTML, so
 * nothing a visitor or the bot says can inject markup. `window.npsbot.open({...})` starts a
 * survey from the host page (e.g. after checkout); a reload resumes the conversation.
 */
import { ChatApi, ChatError, type Message, type OpenOptions } from './api.js';
import { STYLES } from './styles.js';

const OPEN_KEY = 'npsbot.open';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** A speech bubble drawn as SVG, so it shows on systems without an emoji font. */
function chatIcon(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '28');
  svg.setAttribute('height', '28');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}

function scoreCategory(value: string): string {
  const score = Number(value);
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

class Bubble {
  private readonly panel = element('section', 'panel');
  private readonly log = element('div', 'log');
  private readonly typing = element('div', 'typing');
  private readonly choices = element('div', 'choices');
  private readonly ends = element('div', 'ends');
  private readonly input = element('input');
  private readonly launcher = element('button', 'launcher');
  private busy = false;
  private loaded = false;

  constructor(private readonly api: ChatApi) {
    const host = element('div');
    host.id = 'npsbot-widget';
    const root = host.attachShadow({ mode: 'open' });
    const style = element('style');
    style.textContent = STYLES;

    this.launcher.type = 'button';
    this.launcher.append(chatIcon());
    this.launcher.setAttribute('aria-label', 'Open the survey chat');
    this.launcher.addEventListener('click', () => (this.panel.hidden ? void this.open({}) : this.close()));

    this.panel.hidden = true;
    this.panel.setAttribute('role', 'dialog');
    this.panel.setAttribute('aria-label', 'Survey chat');
    const header = element('header');
    const close = element('button', '', '×');
    close.type = 'button';
    close.setAttribute('aria-label', 'Close the survey chat');
    close.addEventListener('click', () => this.close());
    header.append(element('h2', '', 'Quick question'), close);

    this.log.setAttribute('role', 'log');
    this.log.setAttribute('aria-live', 'polite');
    this.typing.hidden = true;
    this.typing.setAttribute('aria-label', 'typing');
    this.typing.append(element('span', '', '●'), element('span', '', '●'), element('span', '', '●'));
    this.choices.hidden = true;
    this.ends.hidden = true;

    const form = element('form');
    this.input.type = 'text';
    this.input.maxLength = 2000;
    this.input.setAttribute('aria-label', 'Your answer');
    this.input.placeholder = 'Type your answer…';
    const send = element('button', '', 'Send');
    send.type = 'submit';
    form.append(this.input, send);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (!text || this.busy) return;
      this.input.value = '';
      void this.reply({ text }, text);
    });
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });

    this.panel.append(header, this.log, this.choices, this.ends, form);
    root.append(style, this.launcher, this.panel);
    document.body.append(host);

    if (this.api.hasSession() && sessionStorage.getItem(OPEN_KEY) === '1') void this.open({});
  }

  async open(options: OpenOptions): Promise<void> {
    this.panel.hidden = false;
    sessionStorage.setItem(OPEN_KEY, '1');
    this.input.focus();
    if (this.loaded && Object.keys(options).length === 0) return;
    await this.work(async () => {
      if (this.api.hasSession() && Object.keys(options).length === 0) {
        try {
          const { messages } = await this.api.transcript();
          this.loaded = true;
          this.render(messages);
          return;
        } catch (error) {
          // The session expired: start afresh.
          if (!(error instanceof ChatError) || error.status >= 500) throw error;
          this.api.forget();
        }
      }
      this.clear();
      const messages = await this.api.start(options);
      this.loaded = true;
      this.render(messages);
    });
  }

  close(): void {
    this.panel.hidden = true;
    sessionStorage.setItem(OPEN_KEY, '0');
    this.launcher.focus();
  }

  private async reply(body: { text?: string; value?: string }, shown: string): Promise<void> {
    this.say('user', shown);
    this.showChoices(undefined);
    await this.work(async () => {
      const { messages } = await this.api.send(body);
      this.render(messages);
    });
  }

  /** Runs a request with the typing indicator, and says so politely if it fails. */
  private async work(task: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.typing.hidden = false;
    this.log.append(this.typing);
    try {
      await task();
    } catch (error) {
      this.say('notice', error instanceof Error ? error.message : 'Something went wrong. Please try again.');
    } finally {
      this.busy = false;
      this.typing.hidden = true;
    }
  }

  private clear(): void {
    this.log.replaceChildren();
  }

  private render(messages: Message[]): void {
    for (const message of messages) this.say(message.from === 'user' ? 'user' : 'bot', message.text);
    const last = messages.at(-1);
    this.showChoices(last && last.from !== 'user' ? last : undefined);
  }

  private say(who: 'bot' | 'user' | 'notice', text: string): void {
    this.log.append(element('div', who === 'notice' ? 'notice' : `msg ${who}`, text));
    this.log.scrollTop = this.log.scrollHeight;
  }

  private showChoices(message: Message | undefined): void {
    this.choices.replaceChildren();
    const choices = message?.choices ?? [];
    const isScore = message?.expects === 'score';
    this.choices.className = isScore ? 'choices score' : 'choices';
    this.choices.hidden = choices.length === 0;
    this.ends.hidden = !(isScore && message?.scale);
    if (isScore && message?.scale) {
      this.ends.replaceChildren(
        element('span', '', `0 = ${message.scale.low}`),
        element('span', '', `10 = ${message.scale.high}`),
      );
    }
    for (const choice of choices) {
      const button = element('button', isScore ? scoreCategory(choice.value) : '', choice.label);
      button.type = 'button';
      if (isScore && message?.scale) {
        const end =
          choice.value === '0' ? ` (${message.scale.low})` : choice.value === '10' ? ` (${message.scale.high})` : '';
        button.setAttribute('aria-label', `${choice.label}${end}`);
      }
      button.addEventListener('click', () => {
        if (!this.busy) void this.reply({ value: choice.value }, choice.label);
      });
      this.choices.append(button);
    }
  }
}

declare global {
  interface Window {
    npsbot?: { open(options?: OpenOptions): Promise<void> };
  }
}

const script = document.currentScript as HTMLScriptElement | null;
const base = script?.src ? new URL(script.src).origin : window.location.origin;
let bubble: Bubble | undefined;
const ready = () => {
  bubble ??= new Bubble(new ChatApi(base));
  return bubble;
};
window.npsbot = { open: (options = {}) => ready().open(options) };
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
else ready();
