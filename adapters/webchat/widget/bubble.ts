/**
 * The bubble itself: a launcher and a chat panel in a shadow root. Text goes in as text nodes
 * only (see render.ts). Keyboard users keep their place: after an answer the focus moves to the
 * next question's group of buttons (Tab or the arrow keys pick one; nothing is chosen by
 * accident), or to the text box when the bot asks for words, or to the log once it has ended.
 */
import {
  type ChatApi,
  ChatError,
  type Message,
  type OpenOptions,
  type Reply,
  type StartedBy,
  tabStorage,
} from './api.js';
import { keepTabInside, moveAlongChoices } from './keys.js';
import { offerLine } from './offers.js';
import { PanelView } from './panel.js';
import { element, textWithLinks } from './render.js';
import { type BubbleStrings, stringsFor } from './strings.js';
import { stylesFor } from './styles.js';
import type { BubbleTheme } from './theme.js';

const OPEN_KEY = 'npsbot.open';

/** What `npsbot.open()` resolves to: open, the person may not be asked now, or the bot could not be reached. */
export type OpenStatus = 'open' | 'opted_out' | 'throttled' | 'failed';

/** How often the open panel looks for an agent's reply: well within the 10 s a visitor waits. */
const AGENT_POLL_MS = 4000;

/** Whether the visitor can still write: during the survey, or to their open follow-up; or not at all. */
type Ended = 'no' | 'finished' | 'followingUp';

export class Bubble {
  private readonly root: ShadowRoot;
  private readonly view: PanelView;
  private strings: BubbleStrings;
  private ended: Ended = 'no';
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
    private readonly theme: BubbleTheme,
  ) {
    const host = element('div');
    host.id = 'npsbot-widget';
    this.root = host.attachShadow({ mode: 'open' });
    this.strings = stringsFor(locale);
    this.view = new PanelView(theme);
    this.wire();
    this.root.append(element('style', '', stylesFor(theme)), this.view.launcher, this.view.panel);
    this.view.applyStrings(this.strings, this.ended);
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
    this.view.showOpen(false);
    clearInterval(this.poller);
    this.poller = undefined;
    tabStorage.set(OPEN_KEY, '0');
    this.view.launcher.focus();
  }

  private async openNow(options: OpenOptions, startedBy: StartedBy, takeFocus: boolean): Promise<OpenStatus> {
    if (options.locale) {
      this.strings = stringsFor(options.locale);
      this.view.applyStrings(this.strings, this.ended);
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

  private async startSurvey(options: OpenOptions, startedBy: StartedBy): Promise<OpenStatus> {
    const started = await this.api.start(options, startedBy);
    if (started.status !== 'started') return started.status;
    // The typing dots stay, the last line, until the bot has answered.
    this.view.log.replaceChildren(this.view.typing);
    this.loaded = true;
    this.render({ messages: started.messages, done: false });
    return 'open';
  }

  private async resume(): Promise<void> {
    try {
      const reply = await this.api.transcript();
      this.loaded = true;
      this.render(reply);
    } catch (error) {
      if (!(error instanceof ChatError) || !error.sessionLost) throw error;
      // The conversation expired while the tab was away: start a new one.
      this.api.forget();
      await this.startSurvey({}, 'visitor');
    }
  }

  private show(): void {
    this.view.showOpen(true);
    tabStorage.set(OPEN_KEY, '1');
    // An agent may answer the visitor's follow-up at any time; the open panel shows it within seconds.
    this.poller ??= setInterval(() => void this.showAgentReplies(), AGENT_POLL_MS);
  }

  private async showAgentReplies(): Promise<void> {
    if (this.busy || this.view.panel.hidden || !this.api.hasSession() || !this.loaded) return;
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
    this.append(line);
  }

  private async reply(body: { text?: string; value?: string }, shown: string): Promise<void> {
    if (this.busy) return;
    const hadFocus = this.root.activeElement !== null;
    const prompt = this.prompt;
    this.say('user', shown);
    this.showChoices(undefined);
    await this.work(async () => {
      try {
        this.render(await this.api.send(body));
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
        if (body.text !== undefined && this.view.input.value === '') this.view.input.value = body.text;
      }
    });
    if (hadFocus) this.focusNext();
  }

  /** Runs a request with the typing indicator, and says so politely if it fails. */
  private async work(task: () => Promise<void>): Promise<void> {
    const { log, typing } = this.view;
    this.busy = true;
    typing.hidden = false;
    log.append(typing);
    // The live log speaks once the answer is in, not at every line on the way.
    log.setAttribute('aria-busy', 'true');
    try {
      await task();
    } catch {
      this.say('notice', this.strings.notSent);
    } finally {
      this.busy = false;
      typing.hidden = true;
      log.removeAttribute('aria-busy');
    }
  }

  private render({ messages, done, followingUp }: Reply): void {
    for (const message of messages) {
      if (message.from === 'agent') this.sayAgent(message);
      else if (message.from === 'user') this.say('user', message.text);
      else this.sayBot(message);
    }
    const last = messages.at(-1);
    this.prompt = last && last.from !== 'user' && last.from !== 'agent' && !done ? last : undefined;
    this.showChoices(this.prompt);
    this.ended = !done ? 'no' : followingUp ? 'followingUp' : 'finished';
    this.view.applyStrings(this.strings, this.ended);
  }

  private sayBot(message: Message): void {
    const line = element('div', 'msg bot');
    // Only the bot's own lines get clickable links (its review and referral links).
    if (message.offer) line.append(...offerLine(message.text, message.offer, this.strings));
    else line.append(...textWithLinks(message.text));
    this.append(line);
  }

  private say(who: 'user' | 'notice', text: string): void {
    this.append(element('div', who === 'notice' ? 'notice' : 'msg user', text));
  }

  private append(line: HTMLElement): void {
    const { log, typing } = this.view;
    // The typing dots stay the last line while the bot is still answering.
    if (typing.parentNode === log && !typing.hidden) log.insertBefore(line, typing);
    else log.append(line);
    this.view.scrollToEnd();
  }

  /** The buttons of the question when there are some, else the text box, else (at the end) the log. */
  private focusNext(): void {
    const { choices, input, log } = this.view;
    if (!choices.hidden) choices.focus();
    else if (this.ended !== 'finished') input.focus();
    else log.focus();
  }

  private showChoices(message: Message | undefined): void {
    const { choices: group, ends } = this.view;
    const choices = message?.choices ?? [];
    const scale = message?.expects === 'score' ? message.scale : undefined;
    group.replaceChildren();
    group.className = message?.expects === 'score' ? 'choices score' : 'choices';
    group.hidden = choices.length === 0;
    group.setAttribute('aria-label', message?.text ?? '');
    ends.hidden = !scale;
    if (scale) ends.replaceChildren(element('span', '', scale.low), element('span', '', scale.high));
    for (const choice of choices) {
      // Neutral by default: colouring 0–6 red before anyone answers nudges the answer (docs/webchat.md).
      const coloured = this.theme.scale === 'bands' ? (choice.category ?? '') : '';
      const button = element('button', coloured, choice.label);
      button.type = 'button';
      const end = choice.value === '0' ? scale?.low : choice.value === '10' ? scale?.high : undefined;
      if (end) button.setAttribute('aria-label', `${choice.label} (${end})`);
      button.addEventListener('click', () => void this.reply({ value: choice.value }, choice.label));
      group.append(button);
    }
  }

  private wire(): void {
    const { launcher, panel, closeButton, choices, form, input } = this.view;
    launcher.addEventListener('click', () => (panel.hidden ? void this.open({}, 'visitor') : this.close()));
    closeButton.addEventListener('click', () => this.close());
    choices.addEventListener('keydown', (event) =>
      moveAlongChoices(event, Array.from(choices.querySelectorAll('button')), this.root.activeElement),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text || this.busy) return;
      input.value = '';
      void this.reply({ text }, text);
    });
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
      else keepTabInside(event, panel, this.root.activeElement);
    });
  }
}
