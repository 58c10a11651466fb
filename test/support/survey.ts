/** Surveys for tests: the demo survey with whatever a test needs changed. */
import type { Survey, SurveyInput } from '../../dialogs/index.js';
import { DEMO_SURVEY } from '../../src/demo-survey.js';
import { parseSurvey } from '../../src/survey-file.js';

export function testSurvey(changes: Partial<SurveyInput> = {}): Survey {
  return parseSurvey({ ...DEMO_SURVEY, ...changes }, 'test survey');
}
