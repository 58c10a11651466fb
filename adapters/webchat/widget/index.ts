/**
 * adapters/webchat/widget — the website chat bubble, bundled by esbuild into
 * `/webchat/widget.js`: `<script src="https://HOST/webchat/widget.js" async></script>`.
 * Browser code only; it talks to the bot through the web chat API and nothing else.
 *
 * `window.npsbot.open({ user, signature, properties, locale, touchpoint })` starts a survey from
 * the host page (e.g. after checkout); add `startedBy: 'visitor'` when the page opens it because
 * the visitor asked (a "rate us" link). A reload resumes the conversation.
 */
import { ChatApi, type OpenOptions, type StartedBy } from './api.js';
import { Bubble, type OpenStatus } from './bubble.js';
import { bundledTheme } from './theme.js';

type PageOpenOptions = OpenOptions & { startedBy?: StartedBy };

declare global {
  interface Window {
    npsbot?: { open(options?: PageOpenOptions): Promise<OpenStatus> };
  }
}

const script = document.currentScript as HTMLScriptElement | null;
const base = script?.src ? new URL(script.src).origin : window.location.origin;
let bubble: Bubble | undefined;
const ready = (): Bubble => {
  bubble ??= new Bubble(new ChatApi(base), navigator.language, bundledTheme());
  return bubble;
};

window.npsbot = {
  open: ({ startedBy = 'page', ...options }: PageOpenOptions = {}) => ready().open(options, startedBy),
};
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
else ready();
