/**
 * adapters/terminal/ — the survey in a terminal (`npm run chat`), for trying the bot and for
 * tests that pipe a conversation in. It knows lines of text and nothing about the survey:
 * every turn goes through the engine like any other channel. May depend on src/engine only.
 */
export { BOT_PREFIX, renderMessage, YOU_PREFIX } from './render.js';
export { readReply } from './reply.js';
export { runTerminalSession, type TerminalSessionOptions } from './session.js';
