/** `POST /slack/events` in the API document (docs/api-reference.md): an opaque input, signed by Slack. */
import { z } from 'zod';
import { type ApiPaths, JSON_BODY_ERRORS, publicOperation } from '../../src/http/api-doc.js';

const opaque = z.string().meta({ description: "Slack's own format; see docs/slack.md" });

export const slackPaths: ApiPaths = {
  '/slack/events': {
    post: publicOperation({
      tags: ['channels'],
      summary: "Slack's events, interactivity and the /nps slash command (with SLACK_SIGNING_SECRET)",
      description:
        'Signed by Slack (`X-Slack-Signature`, `X-Slack-Request-Timestamp`, checked against SLACK_SIGNING_SECRET); ' +
        'the body is whatever Slack sends and is not described here. Acknowledged within 3 seconds.',
      requestParams: {
        header: z.object({
          'x-slack-signature': z.string(),
          'x-slack-request-timestamp': z.string(),
          'x-slack-retry-num': z.string().optional(),
        }),
      },
      requestBody: {
        required: true,
        content: { 'application/json': { schema: opaque }, 'application/x-www-form-urlencoded': { schema: opaque } },
      },
      responses: {
        200: {
          description: 'acknowledged: empty, `{ "challenge" }` for a URL check, or what the listener answers',
          content: { 'application/json': { schema: z.looseObject({}) } },
        },
      },
      errors: [...JSON_BODY_ERRORS, 'bad_signature', 'unavailable'],
    }),
  },
};
