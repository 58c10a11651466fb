/** `POST /api/messages` in the API document (docs/api-reference.md): an opaque input, signed by the Bot Framework. */
import { z } from 'zod';
import { type ApiPaths, JSON_BODY_ERRORS, publicOperation } from '../../src/http/api-doc.js';

export const teamsPaths: ApiPaths = {
  '/api/messages': {
    post: publicOperation({
      tags: ['channels'],
      summary: 'Bot Framework activities from Teams or the Emulator',
      description:
        "A Bot Framework activity with the Bot Framework's bearer token, checked by botbuilder against " +
        'MICROSOFT_APP_ID (without credentials: unauthenticated, loopback and TEAMS_EMULATOR_URLS serviceUrls only). ' +
        "The activity is the Bot Framework's own format and is not described here beyond its `type`.",
      requestBody: {
        required: true,
        content: { 'application/json': { schema: z.looseObject({ type: z.string() }) } },
      },
      responses: {
        200: {
          description: 'processed; an invoke activity gets its invoke response as the body',
          content: { 'application/json': { schema: z.unknown() } },
        },
      },
      errors: [...JSON_BODY_ERRORS, 'bad_activity', 'service_url_not_allowed', 'unauthorized'],
    }),
  },
};
