/** The widget's side of the web chat API, with the session kept in sessionStorage across reloads. */

export interface Message {
  id: string;
  from?: 'bot' | 'user';
  text: string;
  choices?: { label: string; value: string }[];
  expects: 'score' | 'text' | 'choice' | 'none';
  scale?: { low: string; high: string };
}

export interface OpenOptions {
  user?: string;
  signature?: string;
  properties?: Record<string, string | number | boolean>;
  locale?: string;
  touchpoint?: string;
}

interface Session {
  sessionId: string;
  token: string;
}

const STORAGE_KEY = 'npsbot.session';

export class ChatApi {
  private session: Session | undefined;

  constructor(private readonly base: string) {
    try {
      const saved = sessionStorage.getItem(STORAGE_KEY);
      if (saved) this.session = JSON.parse(saved) as Session;
    } catch {
      this.session = undefined;
    }
  }

  hasSession(): boolean {
    return this.session !== undefined;
  }

  forget(): void {
    this.session = undefined;
    sessionStorage.removeItem(STORAGE_KEY);
  }

  async start(options: OpenOptions): Promise<Message[]> {
    const body = { ...options, locale: options.locale ?? navigator.language };
    const answer = await this.request('POST', '/webchat/sessions', body);
    const { sessionId, token, messages } = answer as Session & { messages: Message[] };
    this.session = { sessionId, token };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(this.session));
    return messages;
  }

  async send(reply: { text?: string; value?: string }): Promise<{ messages: Message[]; done: boolean }> {
    const clientMessageId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    const body = { ...reply, clientMessageId, locale: navigator.language };
    return (await this.request('POST', this.messagesPath(), body)) as { messages: Message[]; done: boolean };
  }

  async transcript(): Promise<{ messages: Message[]; done: boolean }> {
    return (await this.request('GET', this.messagesPath())) as { messages: Message[]; done: boolean };
  }

  private messagesPath(): string {
    if (!this.session) throw new ChatError(404, 'no session');
    return `/webchat/sessions/${encodeURIComponent(this.session.sessionId)}/messages`;
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.session) headers.authorization = `Bearer ${this.session.token}`;
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await response.json().catch(() => ({}))) as { message?: string };
    if (!response.ok) throw new ChatError(response.status, answer.message ?? `HTTP ${response.status}`);
    return answer;
  }
}

export class ChatError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
