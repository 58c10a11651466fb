/**
 * The bubble itself: a launcher and a chat panel in a shadow root. Text goes in as text nodes
 * only (see render.ts). Keyboard users keep their place: after an answer the focus moves to the
 * next question's group of buttons (Tab or the arrow keys pick one; nothing is chosen by
 * accident), or to the text box when the bot asks for words.
 */
import { MAX_TEXT_LENGTH } from '../../../dialogs/text-limit.js';
import { type ChatApi, ChatError, type Message, type OpenOptions, type StartedBy, tabStorage } from './api.js';
import { chatIcon, element, textWithLinks } from './render.js';
import { type BubbleStrings, stringsFor } from './strings.js';
import { STYLES } from './styles.js';

const OPEN_KEY = 'npsbot.open';

/** What `npsbot.open()` resolves to: open, the person may not be asked now, or the bot could not be reached. */
export type OpenStatus = 'open' | 'opted_out' | 'throttled' | 'failed';

/** How often the open panel looks for an agent's reply: well within the 10 s a visitor waits. */
const AGENT_POLL_MS = 4000;

export class Bubble {
  private readonly root: ShadowRoot;
  private readonly panel = element('section', 'panel');
  private readonly title = element('h2');
  private readonly closeButton = element('button', '', '×');
  private readonly log = element('div', 'log');
  private readonly typing = element('div', 'typing');
  private readonly choices = element('div', 'choices');
  private readonly ends = element('div', 'ends');
  private readonly input = element('input');
  private readonly sendButton = element('button');
  private readonly launcher = element('button', 'launcher');
  private strings: BubbleStrings;
  private busy = false;
  private loaded = false;
  /** The bot's latest question, whose buttons come back if an answer did not get through. */
  private prompt: Message | undefined;
  /** Agent replies already shown: the transcript is read again while the panel is open, to show new ones. */
  private readonly agentLines = new Set<string>();
  private poller: ReturnType<typeof setInterval> | undefined;
  /** Opens run one after another: a reload's resume and the page's own open() must not interleave. */
  private opening: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly api: ChatApi,
    locale: string,
  ) {
    const host = element('div');
    host.id = 'npsbot-widget';
    this.root = host.attachShadow({ mode: 'open' });
    this.strings = stringsFor(locale);
    this.build();
    this.root.append(element('style', '', STYLES), this.launcher, this.panel);
    this.applyStrings();
    document.body.append(host);
    if (this.api.hasSession() && tabStorage.get(OPEN_KEY) === '1') void this.open({}, 'visitor', false);
  }

  /** Opens the panel; with new options, starts a new survey with them (unless the person may not be asked). */
  open(options: OpenOptions, startedBy: StartedBy, takeFocus = startedBy === 'visitor'): Promise<OpenStatus> {
    const next = this.opening.then(() => this.openNow(options, startedBy, takeFocus));
    this.opening = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.panel.hidden = true;
    clearInterval(this.poller);
    this.poller = undefined;
    tabStorage.set(OPEN_KEY, '0');
    this.launcher.focus();
  }

  private async openNow(options: OpenOptions, startedBy: StartedBy, takeFocus: boolean): Promise<OpenStatus> {
    if (options.locale) {
      this.strings = stringsFor(options.locale);
      this.applyStrings();
    }
    const resuming = this.api.hasSession() && (Object.keys(options).length === 0 || this.api.resumes(options));
    if (resuming) {
      this.show();
      if (!this.loaded) await this.work(() => this.resume());
      if (takeFocus) this.focusNext();
      return 'open';
    }
    // The visitor clicked, so show the panel at once; a page's request may be refused, so wait.
    if (startedBy === 'visitor') this.show();
    let status: OpenStatus = startedBy === 'visitor' ? 'open' : 'failed';
    await this.work(async () => {
      status = await this.startSurvey(options, startedBy);
    });
    if (status === 'open') this.show();
    if (takeFocus) this.focusNext();
    return status;
  }

  /** Once the new survey's question is in the open panel; the answer counts it as sent anyway if this fails. */
  private reportShown(): void {
    this.api.shown().catch(() => undefined);
  }

  private async startSurvey(options: OpenOptions, startedBy: StartedBy): Promise<OpenStatus> {
    const started = await this.api.start(options, startedBy);
    if (started.status !== 'started') return started.status;
    this.log.replaceChildren();
    this.loaded = true;
    this.render(started.messages, false);
    // A page's open() shows the panel as soon as this returns; the visitor's own already did.
    queueMicrotask(() => this.reportShown());
    return 'open';
  }

  private async resume(): Promise<void> {
    try {
      const { messages, done } = await this.api.transcript();
      this.loaded = true;
      this.render(messages, done);
    } catch (error) {
      if (!(error instanceof ChatError) || !error.sessionLost) throw error;
      // The conversation expired while the tab was away: start a new one.
      this.api.forget();
      await this.startSurvey({}, 'visitor');
    }
  }

  private show(): void {
    this.panel.hidden = false;
    tabStorage.set(OPEN_KEY, '1');
    // An agent may answer the visitor's follow-up at any time; the open panel shows it within seconds.
    this.poller ??= setInterval(() => void this.showAgentReplies(), AGENT_POLL_MS);
  }

  private async showAgentReplies(): Promise<void> {
    if (this.busy || this.panel.hidden || !this.api.hasSession() || !this.loaded) return;
    try {
      const { messages } = await this.api.transcript();
      for (const message of messages) if (message.from === 'agent') this.sayAgent(message);
    } catch {
      // The next poll tries again; an ended session is noticed when the visitor next answers.
    }
  }

  private sayAgent(message: Message): void {
    if (this.agentLines.has(message.id)) return;
    this.agentLines.add(message.id);
    const line = element('div', 'msg agent');
    line.append(element('strong', 'author', message.author ?? ''), element('span', '', message.text));
    this.log.append(line);
    this.log.scrollTop = this.log.scrollHeight;
  }

  private async reply(body: { text?: string; value?: string }, shown: string): Promise<void> {
    if (this.busy) return;
    const hadFocus = this.root.activeElement !== null;
    const prompt = this.prompt;
    this.say('user', shown);
    this.showChoices(undefined);
    await this.work(async () => {
      try {
        const { messages, done } = await this.api.send(body);
        this.render(messages, done);
      } catch (error) {
        if (error instanceof ChatError && error.sessionLost) {
          this.api.forget();
          this.say('notice', this.strings.restarted);
          await this.startSurvey({}, 'visitor');
          return;
        }
        // Nothing is lost: the buttons come back and typed text returns to the box.
        this.say('notice', this.strings.notSent);
        this.showChoices(prompt);
        if (body.text !== undefined && this.input.value === '') this.input.value = body.text;
      }
    });
    if (hadFocus) this.focusNext();
  }

  /** Runs a request with the typing indicator, and says so politely if it fails. */
  private async work(task: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.typing.hidden = false;
    this.log.append(this.typing);
    try {
      await task();
    } catch {
      this.say('notice', this.strings.notSent);
    } finally {
      this.busy = false;
      this.typing.hidden = true;
    }
  }

  private render(messages: Message[], done: boolean): void {
    for (const message of messages) {
      if (message.from === 'agent') this.sayAgent(message);
      else this.say(message.from === 'user' ? 'user' : 'bot', message.text);
    }
    const last = messages.at(-1);
    this.prompt = last && last.from !== 'user' && last.from !== 'agent' && !done ? last : undefined;
    this.showChoices(this.prompt);
  }

  private say(who: 'bot' | 'user' | 'notice', text: string): void {
    const line = element('div', who === 'notice' ? 'notice' : `msg ${who}`);
    // Only the bot's own lines get clickable links (its review and referral links).
    if (who === 'bot') line.append(...textWithLinks(text));
    else line.textContent = text;
    this.log.append(line);
    this.log.scrollTop = this.log.scrollHeight;
  }

  /** The buttons of the question when there are some, else the text box. */
  private focusNext(): void {
    (this.choices.hidden ? this.input : this.choices).focus();
  }

  /** Arrow keys, Home and End move along the answer buttons. */
  private moveAlongChoices(event: KeyboardEvent): void {
    const buttons = Array.from(this.choices.querySelectorAll('button'));
    const at = buttons.indexOf(this.root.activeElement as HTMLButtonElement);
    const last = buttons.length - 1;
    const moves: Record<string, number> = {
      ArrowRight: at + 1,
      ArrowDown: at + 1,
      ArrowLeft: at - 1,
      ArrowUp: at - 1,
      Home: 0,
      End: last,
    };
    const target = moves[event.key];
    if (target === undefined || last < 0) return;
    event.preventDefault();
    buttons[Math.min(last, Math.max(0, target))]?.focus();
  }

  private showChoices(message: Message | undefined): void {
    const choices = message?.choices ?? [];
    const scale = message?.expects === 'score' ? message.scale : undefined;
    this.choices.replaceChildren();
    this.choices.className = message?.expects === 'score' ? 'choices score' : 'choices';
    this.choices.hidden = choices.length === 0;
    this.choices.setAttribute('aria-label', message?.text ?? '');
    this.ends.hidden = !scale;
    if (scale)
      this.ends.replaceChildren(element('span', '', `0 = ${scale.low}`), element('span', '', `10 = ${scale.high}`));
    for (const choice of choices) {
      const button = element('button', choice.category ?? '', choice.label);
      button.type = 'button';
      const end = choice.value === '0' ? scale?.low : choice.value === '10' ? scale?.high : undefined;
      if (end) button.setAttribute('aria-label', `${choice.label} (${end})`);
      button.addEventListener('click', () => void this.reply({ value: choice.value }, choice.label));
      this.choices.append(button);
    }
  }

  private build(): void {
    this.launcher.type = 'button';
    this.launcher.append(chatIcon());
    this.launcher.addEventListener('click', () => (this.panel.hidden ? void this.open({}, 'visitor') : this.close()));
    this.panel.hidden = true;
    this.panel.setAttribute('role', 'dialog');
    this.closeButton.type = 'button';
    this.closeButton.addEventListener('click', () => this.close());
    const header = element('header');
    header.append(this.title, this.closeButton);
    this.log.setAttribute('role', 'log');
    this.log.setAttribute('aria-live', 'polite');
    this.typing.hidden = true;
    this.typing.append(element('span', '', '●'), element('span', '', '●'), element('span', '', '●'));
    this.choices.hidden = true;
    this.choices.tabIndex = -1;
    this.choices.setAttribute('role', 'group');
    this.choices.addEventListener('keydown', (event) => this.moveAlongChoices(event));
    this.ends.hidden = true;
    const form = element('form');
    this.input.type = 'text';
    this.input.maxLength = MAX_TEXT_LENGTH;
    this.sendButton.type = 'submit';
    form.append(this.input, this.sendButton);
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
  }

  private applyStrings(): void {
    const s = this.strings;
    this.title.textContent = s.title;
    this.panel.setAttribute('aria-label', s.dialog);
    this.launcher.setAttribute('aria-label', s.open);
    this.closeButton.setAttribute('aria-label', s.close);
    this.input.setAttribute('aria-label', s.answer);
    this.input.placeholder = s.placeholder;
    this.sendButton.textContent = s.send;
    this.typing.setAttribute('aria-label', s.typing);
  }
}
