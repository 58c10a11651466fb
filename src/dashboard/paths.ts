/** The dashboard's routes (index.ts, sign-in.ts) in the API document (docs/api-reference.md). */
import { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiResponseObject } from 'zod-openapi';
import {
  type ApiPaths,
  adminOperation,
  errorResponses,
  jsonBody,
  publicOperation,
  textResponse,
} from '../http/api-doc.js';
import { signInRequest } from './sign-in.js';

const SCRIPT = 'application/javascript';
const noContent = (description: string): ZodOpenApiResponseObject => ({ description });

/** A browser that is not signed in gets the sign-in page as its 401; any other client the guard's JSON. */
function withSignInPage(operation: ZodOpenApiOperationObject): ZodOpenApiOperationObject {
  const refused = errorResponses(['unauthorized'])['401'] as ZodOpenApiResponseObject;
  return {
    ...operation,
    responses: {
      ...operation.responses,
      401: {
        ...refused,
        description: `${refused.description}; a browser (\`Accept: text/html\`) gets the sign-in page`,
        content: { ...refused.content, 'text/html': { schema: z.string() } },
      },
    },
  };
}

export const dashboardPaths: ApiPaths = {
  '/dashboard': {
    get: withSignInPage(
      adminOperation({
        tags: ['dashboard'],
        summary: 'the dashboard page: NPS trend, distribution, reasons, responses and the follow-up queue',
        responses: { 200: textResponse('the page', 'text/html') },
      }),
    ),
  },
  '/dashboard/app.js': {
    get: adminOperation({
      tags: ['dashboard'],
      summary: "the dashboard's script",
      responses: { 200: textResponse('the script', SCRIPT) },
    }),
  },
  '/dashboard/sign-in.js': {
    get: publicOperation({
      tags: ['dashboard'],
      summary: "the sign-in page's script",
      responses: { 200: textResponse('the script', SCRIPT) },
    }),
  },
  '/dashboard/session': {
    post: publicOperation({
      tags: ['dashboard'],
      summary: 'sign in: swap ADMIN_TOKEN for a session cookie',
      requestBody: jsonBody(signInRequest),
      responses: { 204: noContent('signed in; `Set-Cookie` carries the session') },
      errors: [
        'bad_request',
        'invalid_content',
        'bad_token',
        'cross_site',
        'not_found',
        'payload_too_large',
        'unsupported_media_type',
      ],
    }),
    delete: publicOperation({
      tags: ['dashboard'],
      summary: 'sign out: the session cookie is cleared',
      responses: { 204: noContent('signed out') },
      errors: ['cross_site'],
    }),
  },
};
