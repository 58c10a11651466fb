/**
 * The bubble's look, inside its shadow root so the host page's CSS cannot reach it (nor it the
 * page). Below 480 px the panel is the whole screen (inside the safe-area insets), its inputs are
 * 16 px so iOS does not zoom, and every control is at least 40 px tall. Colours meet WCAG 2.2 AA:
 * text 4.5:1, controls and focus rings 3:1; the brand colour's own text colour comes with the theme.
 */
import type { BubbleTheme } from './theme.js';

export function stylesFor(theme: BubbleTheme): string {
  const side = theme.position === 'bottom-left' ? 'left' : 'right';
  return `
:host { all: initial; --brand: ${theme.color}; --on-brand: ${theme.onColor}; --ring: ${theme.ring}; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft JhengHei", sans-serif; }
.launcher { position: fixed; ${side}: calc(20px + env(safe-area-inset-${side})); bottom: calc(20px + env(safe-area-inset-bottom));
  width: 56px; height: 56px; border-radius: 50%; border: 2px solid var(--on-brand); background: var(--brand); color: var(--on-brand);
  display: flex; align-items: center; justify-content: center; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); z-index: 2147483646; }
:focus-visible { outline: 3px solid var(--ring); outline-offset: 2px; }
.launcher:focus-visible { outline-color: var(--brand); box-shadow: 0 0 0 2px #fff; }
.head :focus-visible { outline-color: var(--on-brand); outline-offset: -4px; }
.panel { position: fixed; ${side}: 20px; bottom: 88px; width: 360px; max-width: calc(100vw - 40px); height: 520px;
  max-height: calc(100vh - 120px); display: flex; flex-direction: column; background: #fff; border-radius: 14px;
  box-shadow: 0 10px 40px rgba(0,0,0,.25); overflow: hidden; z-index: 2147483647; color: #1d2330; font-size: 14px; }
.panel[hidden] { display: none; }
.head { background: var(--brand); color: var(--on-brand); padding: 8px 8px 8px 16px; display: flex; align-items: center; gap: 10px; }
.head img { width: 32px; height: 32px; object-fit: contain; border-radius: 6px; background: #fff; }
.names { flex: 1; min-width: 0; }
.names h2 { margin: 0; font-size: 16px; font-weight: 700; overflow-wrap: anywhere; }
.names p { margin: 0; font-size: 13px; }
.close { background: none; border: none; color: var(--on-brand); font-size: 24px; cursor: pointer; line-height: 1;
  min-width: 44px; min-height: 44px; border-radius: 8px; }
.log { flex: 1; overflow-y: auto; padding: 14px; display: flex; flex-direction: column; gap: 8px; background: #f5f7fb; }
.log:focus-visible { outline-offset: -3px; }
.msg { max-width: 85%; padding: 9px 12px; border-radius: 14px; line-height: 1.4; white-space: pre-wrap; overflow-wrap: anywhere; }
.bot { align-self: flex-start; background: #fff; border: 1px solid #d5dae4; border-bottom-left-radius: 4px; }
.msg a { color: inherit; text-decoration: underline; overflow-wrap: anywhere; }
.msg a.action { display: flex; align-items: center; justify-content: center; min-height: 40px; margin-top: 8px; padding: 8px 14px;
  border-radius: 20px; background: var(--brand); color: var(--on-brand); text-decoration: none; font-weight: 600; white-space: normal; }
.reward { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-top: 8px; padding: 10px; border: 2px dashed #6b7280;
  border-radius: 10px; background: #f5f7fb; white-space: normal; }
.reward code { flex: 1; font: 600 16px ui-monospace, "SFMono-Regular", Menlo, monospace; letter-spacing: .04em; user-select: all; white-space: nowrap; }
.reward button { min-height: 40px; padding: 0 14px; border-radius: 20px; border: none; background: var(--brand); color: var(--on-brand);
  font-size: 14px; font-weight: 600; cursor: pointer; }
.reward .copied { flex-basis: 100%; font-size: 13px; color: #1f6b35; }
.reward .copied:empty { display: none; }
.agent { align-self: flex-start; background: #eef6ee; border: 1px solid #bfdcbf; border-bottom-left-radius: 4px; }
.agent .author { display: block; font-size: 12px; color: #2a5f2a; margin-bottom: 2px; }
.user { align-self: flex-end; background: var(--brand); color: var(--on-brand); border-bottom-right-radius: 4px; }
.choices { display: flex; flex-wrap: wrap; gap: 6px; padding: 10px 14px 4px; background: #fff; border-top: 1px solid #d5dae4; }
.choices[hidden], .ends[hidden], .reply[hidden], .finished[hidden], .typing[hidden] { display: none; }
.choices:focus-visible { outline-offset: -3px; }
.choices button { border: 1px solid #6b7280; background: #fff; color: #1d2330; border-radius: 20px; min-height: 40px; padding: 6px 14px;
  cursor: pointer; font-size: 14px; }
.choices button:hover { background: #eef1f6; }
.choices.score { display: grid; grid-template-columns: repeat(11, minmax(0, 1fr)); gap: 4px; }
.choices.score button { padding: 0; border-radius: 8px; min-width: 24px; }
.choices.score button.detractor { border-color: #d64541; color: #b3302c; }
.choices.score button.passive { border-color: #8a8f99; color: #545962; }
.choices.score button.promoter { border-color: #2ea05a; color: #1d6e3c; }
.ends { display: flex; justify-content: space-between; gap: 12px; font-size: 12px; color: #4b5563; padding: 2px 14px 6px; background: #fff; }
.ends span:last-child { text-align: right; }
.reply { display: flex; gap: 8px; padding: 10px 14px 14px; background: #fff; }
input { flex: 1; min-width: 0; min-height: 40px; border: 1px solid #6b7280; border-radius: 20px; padding: 8px 14px; font-size: 14px; color: #1d2330; }
.reply button { border: none; background: var(--brand); color: var(--on-brand); border-radius: 20px; min-height: 40px; padding: 0 16px;
  cursor: pointer; font-size: 14px; font-weight: 600; }
.finished { margin: 0; padding: 14px; background: #fff; border-top: 1px solid #d5dae4; text-align: center; color: #1d2330; }
.typing { align-self: flex-start; color: #4b5563; font-size: 13px; padding: 4px 8px; }
.typing span { animation: blink 1.2s infinite; }
.typing span:nth-child(2) { animation-delay: .2s; } .typing span:nth-child(3) { animation-delay: .4s; }
@keyframes blink { 0%, 80%, 100% { opacity: .2; } 40% { opacity: 1; } }
.notice { align-self: center; font-size: 13px; color: #4b5563; text-align: center; }
@media (max-width: 479.98px) {
  .panel { inset: 0; width: 100%; max-width: none; height: 100%; max-height: none; border-radius: 0;
    padding: 0 env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left); }
  .head { padding-top: calc(8px + env(safe-area-inset-top)); }
  .panel, input, .choices button, .reply button, .reward button { font-size: 16px; }
  .msg { max-width: 90%; }
}
/* Eleven buttons under 24 px wide would be too small to hit: two rows of six. */
@media (max-width: 339.98px) { .choices.score { grid-template-columns: repeat(6, minmax(0, 1fr)); } }
@media (prefers-reduced-motion: reduce) { .typing span { animation: none; opacity: .6; } * { scroll-behavior: auto; transition: none; } }
`;
}
