/**
 * The widget's side of the web chat API. The session (id, token, and the options it was opened
 * with) is kept in sessionStorage, so a reload in the same tab resumes it. An answer that meets
 * a network error, a 429 or a 503 is sent again with the same clientMessageId, which the server
 * answers once however often it arrives.
 */

export interface Message {
  id: string;
  /** "agent": a person answering the visitor's follow-up, named in `author`. */
  from?: 'bot' | 'user' | 'agent';
  author?: string;
  text: string;
  /** `category` comes with the score's choices: the survey's bands decide it, not the bubble. */
  choices?: { label: string; value: string; category?: 'detractor' | 'passive' | 'promoter' }[];
  expects: 'score' | 'text' | 'choice' | 'none';
  scale?: { low: string; high: string };
  /** On the reward code and the review and referral invitations (see docs/webchat.md). */
  offer?: { kind: 'reward'; code: string } | { kind: 'review' | 'referral'; url: string };
}

/** What an answer or the transcript brings: the messages, whether the survey is over, and whether a follow-up still listens. */
export interface Reply {
  messages: Message[];
  done: boolean;
  followingUp?: boolean;
}

export interface OpenOptions {
  user?: string;
  signature?: string;
  /** Epoch seconds after which the signature no longer opens a session (it then signs `user.expires`). */
  expires?: number;
  properties?: Record<string, string | number | boolean>;
  locale?: string;
  touchpoint?: string;
}

/** Who asked for the survey: the host page (`npsbot.open`) or the visitor (the launcher). */
export type StartedBy = 'page' | 'visitor';
export type Started = { status: 'started'; messages: Message[] } | { status: 'opted_out' | 'throttled' };

interface Session {
  sessionId: string;
  token: string;
  /** The options it was opened with: opening again with the same ones resumes it. */
  opened: string;
}

const SESSION_KEY = 'npsbot.session';
const RETRIES = 2;
const LONGEST_WAIT_MS = 5000;

/** sessionStorage, which a browser may refuse (blocked storage, sandboxed frames): then nothing is kept. */
export const tabStorage = {
  get(key: string): string | null {
    try {
      return sessionStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key: string, value: string | null): void {
    try {
      if (value === null) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, value);
    } catch {
      // Nothing to keep it in: a reload will start afresh.
    }
  },
};

export class ChatError extends Error {
  constructor(
    /** The HTTP status, or 0 when the request never got an answer. */
    readonly status: number,
    message: string,
    readonly retryAfterMs = 1000,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status === 502 || this.status === 503;
  }

  /** The session expired or is not accepted any more: only a new one helps. */
  get sessionLost(): boolean {
    return this.status === 401 || this.status === 404;
  }
}

function optionsKey(options: OpenOptions): string {
  return JSON.stringify(options);
}

function readSession(): Session | undefined {
  try {
    const saved = JSON.parse(tabStorage.get(SESSION_KEY) ?? 'null') as Partial<Session> | null;
    const valid = typeof saved?.sessionId === 'string' && typeof saved.token === 'string';
    return valid
      ? { sessionId: saved.sessionId ?? '', token: saved.token ?? '', opened: saved.opened ?? '{}' }
      : undefined;
  } catch {
    return undefined;
  }
}

export class ChatApi {
  private session: Session | undefined = readSession();

  constructor(private readonly base: string) {}

  hasSession(): boolean {
    return this.session !== undefined;
  }

  /** Whether opening with these options means the conversation already under way in this tab. */
  resumes(options: OpenOptions): boolean {
    return this.session !== undefined && this.session.opened === optionsKey(options);
  }

  forget(): void {
    this.session = undefined;
    tabStorage.set(SESSION_KEY, null);
  }

  async start(options: OpenOptions, startedBy: StartedBy): Promise<Started> {
    const body = { ...options, locale: options.locale ?? navigator.language, startedBy };
    const answer = (await this.retrying(() => this.request('POST', '/webchat/sessions', body))) as {
      status?: 'opted_out' | 'throttled';
      sessionId: string;
      token: string;
      messages: Message[];
    };
    if (answer.status) return { status: answer.status };
    this.session = { sessionId: answer.sessionId, token: answer.token, opened: optionsKey(options) };
    tabStorage.set(SESSION_KEY, JSON.stringify(this.session));
    return { status: 'started', messages: answer.messages };
  }

  async send(reply: { text?: string; value?: string }): Promise<Reply> {
    // One id for every attempt of this answer, so a retry is never counted twice.
    const clientMessageId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    const body = { ...reply, clientMessageId, locale: navigator.language };
    const path = this.messagesPath();
    return (await this.retrying(() => this.request('POST', path, body))) as Reply;
  }

  async transcript(): Promise<Reply> {
    const path = this.messagesPath();
    return (await this.retrying(() => this.request('GET', path))) as Reply;
  }

  private messagesPath(): string {
    if (!this.session) throw new ChatError(404, 'no session');
    return `/webchat/sessions/${encodeURIComponent(this.session.sessionId)}/messages`;
  }

  private async retrying(call: () => Promise<unknown>): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof ChatError) || !error.retryable || attempt >= RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(error.retryAfterMs, LONGEST_WAIT_MS)));
      }
    }
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.session && path.startsWith('/webchat/sessions/')) headers.authorization = `Bearer ${this.session.token}`;
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new ChatError(0, 'the chat could not be reached');
    }
    const answer = (await response.json().catch(() => ({}))) as { message?: string };
    if (!response.ok) {
      const retryAfterMs = Number(response.headers.get('retry-after') ?? '1') * 1000 || 1000;
      throw new ChatError(response.status, answer.message ?? `HTTP ${response.status}`, retryAfterMs);
    }
    return answer;
  }
}
