/** The bubble's look, inside its shadow root so the host page's CSS cannot reach it (nor it the page). */
export const STYLES = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft JhengHei", sans-serif; }
.launcher { position: fixed; right: 20px; bottom: 20px; width: 56px; height: 56px; border-radius: 50%; border: none;
  background: #2e5cb8; color: #fff; display: flex; align-items: center; justify-content: center; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); z-index: 2147483646; }
.launcher:focus-visible, button:focus-visible, input:focus-visible, .choices:focus-visible { outline: 3px solid #f5b400; outline-offset: 2px; }
.panel { position: fixed; right: 20px; bottom: 88px; width: 360px; max-width: calc(100vw - 40px); height: 520px;
  max-height: calc(100vh - 120px); display: flex; flex-direction: column; background: #fff; border-radius: 14px;
  box-shadow: 0 10px 40px rgba(0,0,0,.25); overflow: hidden; z-index: 2147483647; color: #1d2330; font-size: 14px; }
.panel[hidden] { display: none; }
header { background: #2e5cb8; color: #fff; padding: 12px 16px; display: flex; align-items: center; justify-content: space-between; }
header h2 { margin: 0; font-size: 15px; font-weight: 600; }
header button { background: none; border: none; color: #fff; font-size: 20px; cursor: pointer; line-height: 1; }
.log { flex: 1; overflow-y: auto; padding: 14px; display: flex; flex-direction: column; gap: 8px; background: #f5f7fb; }
.msg { max-width: 85%; padding: 9px 12px; border-radius: 14px; line-height: 1.4; white-space: pre-wrap; overflow-wrap: anywhere; }
.bot { align-self: flex-start; background: #fff; border: 1px solid #e1e5ee; border-bottom-left-radius: 4px; }
.msg a { color: inherit; text-decoration: underline; overflow-wrap: anywhere; }
.agent { align-self: flex-start; background: #eef6ee; border: 1px solid #bfdcbf; border-bottom-left-radius: 4px; }
.agent .author { display: block; font-size: 12px; color: #2f6b2f; margin-bottom: 2px; }
.user { align-self: flex-end; background: #2e5cb8; color: #fff; border-bottom-right-radius: 4px; }
.choices { display: flex; flex-wrap: wrap; gap: 6px; padding: 10px 14px 4px; background: #fff; border-top: 1px solid #e1e5ee; }
.choices[hidden] { display: none; }
.choices button { border: 1px solid #2e5cb8; background: #fff; color: #2e5cb8; border-radius: 16px; padding: 6px 12px; cursor: pointer; font-size: 14px; }
.choices button:hover { background: #eaf0fb; }
.choices.score { display: grid; grid-template-columns: repeat(11, 1fr); gap: 3px; }
.choices.score[hidden] { display: none; }
.choices.score button { padding: 7px 0; border-radius: 6px; min-width: 0; }
.choices.score button.detractor { border-color: #d64541; color: #b3302c; }
.choices.score button.passive { border-color: #8a8f99; color: #5b606a; }
.choices.score button.promoter { border-color: #2ea05a; color: #217a43; }
.ends { display: flex; justify-content: space-between; font-size: 11px; color: #6b7280; padding: 2px 14px 6px; background: #fff; }
.ends[hidden] { display: none; }
form { display: flex; gap: 8px; padding: 10px 14px 14px; background: #fff; }
input { flex: 1; border: 1px solid #c9cfdb; border-radius: 20px; padding: 9px 14px; font-size: 14px; }
form button { border: none; background: #2e5cb8; color: #fff; border-radius: 20px; padding: 0 16px; cursor: pointer; font-size: 14px; }
.typing { align-self: flex-start; color: #6b7280; font-size: 13px; padding: 4px 8px; }
.typing[hidden] { display: none; }
.typing span { animation: blink 1.2s infinite; }
.typing span:nth-child(2) { animation-delay: .2s; } .typing span:nth-child(3) { animation-delay: .4s; }
@keyframes blink { 0%, 80%, 100% { opacity: .2; } 40% { opacity: 1; } }
.notice { align-self: center; font-size: 12px; color: #6b7280; }
`;
