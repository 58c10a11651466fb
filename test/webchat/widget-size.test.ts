/** The bubble goes on other companies' pages: its script, as served, stays under 20 KB gzipped (docs/webchat.md). */
import { describe, expect, it } from 'vitest';
import { bubbleThemeFor } from '../../adapters/webchat/theme.js';
import { bundleWidget } from '../../adapters/webchat/widget-bundle.js';
import { testSurvey } from '../support/survey.js';

describe('the widget script', () => {
  it('is under 20 KB gzipped, with a full theme written in', async () => {
    const survey = testSurvey({
      webchat: { color: '#f5b400', logo: 'https://cdn.example.com/logo.svg', title: { en: 'x'.repeat(60) } },
    });
    const widget = await bundleWidget(bubbleThemeFor(survey));
    expect(widget.code).toContain('cdn.example.com/logo.svg');
    expect(widget.gzippedBytes).toBeLessThan(20 * 1024);
  });
});
