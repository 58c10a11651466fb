/**
 * How the website bubble looks, from the survey file's `webchat` field (docs/survey-file.md):
 * the brand colour, a logo, the corner, the header's line per locale and the score scale's look.
 * The colour maths is WCAG 2.2's relative luminance, so a brand colour that would make the
 * bubble's text unreadable stops start-up instead of reaching a shop's customers.
 */
import { z } from 'zod';
import { MAX_BUBBLE_TITLE } from './survey-limits.js';

/** WCAG 2.2 AA: normal text needs 4.5:1 against its background, controls and focus rings 3:1. */
export const TEXT_CONTRAST = 4.5;
export const UI_CONTRAST = 3;

const HEX_COLOUR = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** "#abc" or "#aabbcc" as 0–255 channels. */
function channels(hex: string): [number, number, number] {
  const digits = hex.slice(1);
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits;
  return [0, 2, 4].map((at) => Number.parseInt(full.slice(at, at + 2), 16)) as [number, number, number];
}

export function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((value) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** White where it reads (4.5:1), black otherwise: black reaches at least 4.58:1 on any colour white fails on. */
export function textColourOn(background: string): '#ffffff' | '#000000' {
  return contrastRatio(background, '#ffffff') >= TEXT_CONTRAST ? '#ffffff' : '#000000';
}

/** `https://…`, or a path on the host page's own site ("/logo.svg"); never `http:`, `data:` or `javascript:`. */
function isSafeLogo(value: string): boolean {
  if (/^\/(?![/\\])/.test(value)) return !/[\s\\]/.test(value);
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

const colour = z.string().regex(HEX_COLOUR, 'expected a colour as "#rgb" or "#rrggbb"');
const title = z.string().min(1).max(MAX_BUBBLE_TITLE);

export const DEFAULT_BUBBLE_COLOUR = '#2e5cb8';

export const webchatThemeSchema = z
  .strictObject({
    color: colour.default(DEFAULT_BUBBLE_COLOUR),
    /** The text on `color`; picked automatically (white or black) when left out. */
    textColor: colour.optional(),
    logo: z
      .string()
      .max(2000)
      .refine(isSafeLogo, 'expected an https:// address or a path on the same site such as "/logo.svg"')
      .optional(),
    position: z.enum(['bottom-right', 'bottom-left']).default('bottom-right'),
    title: z.strictObject({ en: title.optional(), 'zh-CN': title.optional(), 'zh-TW': title.optional() }).default({}),
    /** `neutral`: one colour for 0–10; `bands`: red, grey and green by the survey's scoreBands. */
    scale: z.enum(['neutral', 'bands']).default('neutral'),
  })
  .superRefine((theme, ctx) => {
    if (theme.textColor === undefined) return;
    const ratio = contrastRatio(theme.color, theme.textColor);
    if (ratio < TEXT_CONTRAST) {
      ctx.addIssue({
        code: 'custom',
        path: ['textColor'],
        message: `${theme.textColor} on ${theme.color} has a contrast of ${ratio.toFixed(2)}:1, under the ${TEXT_CONTRAST}:1 text needs (leave textColor out to pick one)`,
      });
    }
  });

export type WebchatTheme = z.output<typeof webchatThemeSchema>;
