/** The bubble's theme from the survey file's `webchat` field (docs/survey-file.md), bundled into widget.js. */
import { contrastRatio, type Survey, textColourOn, UI_CONTRAST } from '../../dialogs/index.js';
import type { BubbleTheme } from './widget/theme.js';

/** The panel's light backgrounds a focus ring must show against. */
const PANEL_BACKGROUNDS = ['#ffffff', '#f5f7fb'];
const DARK_RING = '#1d2330';

export function bubbleThemeFor(survey: Pick<Survey, 'brand' | 'webchat'>): BubbleTheme {
  const { color, textColor, logo, position, title, scale } = survey.webchat;
  const ringShows = PANEL_BACKGROUNDS.every((background) => contrastRatio(color, background) >= UI_CONTRAST);
  return {
    brand: survey.brand,
    color,
    onColor: textColor ?? textColourOn(color),
    ring: ringShows ? color : DARK_RING,
    logo: logo ?? null,
    position,
    title,
    scale,
  };
}
