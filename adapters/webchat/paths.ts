/** The web chat's routes (routes.ts, index.ts) in the API document (docs/api-reference.md). */
import { z } from 'zod';
import {
  type ApiPaths,
  JSON_BODY_ERRORS,
  jsonBody,
  jsonResponse,
  pathText,
  publicOperation,
  textResponse,
} from '../../src/http/api-doc.js';
import {
  messageRequest,
  sessionRefusedSchema,
  sessionRequest,
  sessionStartedSchema,
  transcriptAnswerSchema,
  turnAnswerSchema,
} from './wire.js';

const session = { path: z.object({ sessionId: pathText('the session id') }) };
const token = [{ webchatSession: [] }];

export const webchatPaths: ApiPaths = {
  '/webchat/sessions': {
    post: publicOperation({
      tags: ['webchat'],
      summary: 'start a session: a signed or anonymous visitor, and the first question',
      requestBody: jsonBody(sessionRequest),
      responses: {
        201: jsonResponse('the session, its token and the first messages', sessionStartedSchema),
        200: jsonResponse('no survey: the person opted out or was asked too recently', sessionRefusedSchema),
      },
      errors: [
        ...JSON_BODY_ERRORS,
        'bad_signature',
        'signature_expired',
        'origin_not_allowed',
        'rate_limited',
        'unavailable',
      ],
    }),
  },
  '/webchat/sessions/{sessionId}/messages': {
    post: publicOperation({
      tags: ['webchat'],
      summary: "send the visitor's answer (text or a button's value)",
      security: token,
      requestParams: session,
      requestBody: jsonBody(messageRequest),
      responses: { 200: jsonResponse("the bot's answer", turnAnswerSchema) },
      errors: [
        ...JSON_BODY_ERRORS,
        'empty_text',
        'text_too_long',
        'unauthorized',
        'origin_not_allowed',
        'session_not_found',
        'rate_limited',
        'unavailable',
      ],
    }),
    get: publicOperation({
      tags: ['webchat'],
      summary: 'the whole transcript, for a page reload',
      security: token,
      requestParams: session,
      responses: { 200: jsonResponse('the transcript', transcriptAnswerSchema) },
      errors: ['unauthorized', 'origin_not_allowed', 'session_not_found', 'rate_limited', 'unavailable'],
    }),
  },
  '/webchat/sessions/{sessionId}/shown': {
    post: publicOperation({
      tags: ['webchat'],
      summary: 'the bubble has put the question on screen: the survey counts as sent (docs/webchat.md)',
      security: token,
      requestParams: session,
      requestBody: jsonBody(z.object({}).meta({ description: 'an empty object' })),
      responses: { 204: { description: 'noted (once, however often it is repeated)' } },
      errors: [
        ...JSON_BODY_ERRORS,
        'unauthorized',
        'origin_not_allowed',
        'session_not_found',
        'rate_limited',
        'unavailable',
      ],
    }),
  },
  '/webchat/widget.js': {
    get: publicOperation({
      tags: ['webchat'],
      summary: 'the chat bubble script, for `<script src=… async>`',
      responses: { 200: textResponse('the script', 'application/javascript') },
    }),
  },
  '/': {
    get: publicOperation({
      tags: ['webchat'],
      summary: 'the demo shop page with the bubble',
      responses: { 200: textResponse('the page', 'text/html') },
    }),
  },
};
