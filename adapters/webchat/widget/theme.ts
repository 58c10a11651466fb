/**
 * The bubble's look as the server worked it out from the survey file (adapters/webchat/theme.ts),
 * written into the script when it is bundled: the launcher is drawn in the brand's colour and
 * corner before any request is made.
 */
import type { BubbleLocale } from './strings.js';

export interface BubbleTheme {
  brand: string;
  /** The brand colour and the text drawn on it (at least 4.5:1). */
  color: string;
  onColor: string;
  /** The focus ring on the panel's light backgrounds: the brand colour when it shows (3:1), dark otherwise. */
  ring: string;
  logo: string | null;
  position: 'bottom-right' | 'bottom-left';
  title: Partial<Record<BubbleLocale, string>>;
  /** `neutral`: one colour for 0–10, so no answer looks like the expected one; `bands`: by category. */
  scale: 'neutral' | 'bands';
}

declare const __NPSBOT_THEME__: BubbleTheme;

const HEX = /^#[0-9a-f]{3}([0-9a-f]{3})?$/i;

/** The bundled theme; colours are checked again, since they go into the style sheet. */
export function bundledTheme(): BubbleTheme {
  const theme = __NPSBOT_THEME__;
  const safe = (colour: string, fallback: string) => (HEX.test(colour) ? colour : fallback);
  return {
    ...theme,
    color: safe(theme.color, '#2e5cb8'),
    onColor: safe(theme.onColor, '#ffffff'),
    ring: safe(theme.ring, '#1d2330'),
  };
}
