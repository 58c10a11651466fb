/** The bubble's keyboard: arrow keys along the answer buttons, and Tab kept inside the full-screen panel. */

/** Arrow keys, Home and End move along the answer buttons. */
export function moveAlongChoices(event: KeyboardEvent, buttons: HTMLButtonElement[], active: Element | null): void {
  const at = buttons.indexOf(active as HTMLButtonElement);
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

/** The width below which the panel covers the screen (styles.ts): the page behind is out of sight. */
export const PHONE = '(max-width: 479.98px)';

/**
 * On a phone the panel hides the page, so Tab wraps around inside it rather than moving the
 * focus to a link nobody can see (WCAG 2.4.11).
 */
export function keepTabInside(event: KeyboardEvent, panel: HTMLElement, active: Element | null): void {
  if (event.key !== 'Tab' || !window.matchMedia(PHONE).matches) return;
  const focusable = Array.from(panel.querySelectorAll<HTMLElement>('button, input, a[href], [tabindex="0"]')).filter(
    (node) => node.offsetParent !== null && !(node as HTMLButtonElement).disabled,
  );
  const first = focusable[0];
  const last = focusable.at(-1);
  if (!first || !last) return;
  if (event.shiftKey && (active === first || !panel.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
}
