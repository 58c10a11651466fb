/** The agent API's routes (routes.ts) in the API document (docs/api-reference.md). */
import { z } from 'zod';
import { type ApiPaths, adminOperation, JSON_BODY_ERRORS, jsonBody, jsonResponse, pathText } from '../http/api-doc.js';
import { actionBodies, queueParams } from './routes.js';
import { followUpQueueSchema, followUpTranscriptSchema, followUpViewSchema } from './types.js';

const byId = { path: z.object({ id: pathText('the follow-up id') }) };

const ACTIONS: Record<keyof typeof actionBodies, string> = {
  claim: 'claim it for an agent',
  replies: 'answer the customer: the text reaches them in the conversation they answered in',
  notes: 'add an internal note (never sent)',
  resolve: 'resolve it, with an optional last message to the customer',
  reopen: 'reopen a resolved follow-up',
};

const actionPaths: ApiPaths = Object.fromEntries(
  Object.entries(ACTIONS).map(([action, summary]) => [
    `/api/follow-ups/{id}/${action}`,
    {
      post: adminOperation({
        tags: ['follow-ups'],
        summary,
        requestParams: byId,
        requestBody: jsonBody(actionBodies[action as keyof typeof actionBodies]),
        responses: { 200: jsonResponse('the follow-up after the action', followUpViewSchema) },
        errors: [...JSON_BODY_ERRORS, 'follow_up_not_found', 'conflict', 'unavailable'],
      }),
    },
  ]),
);

export const followUpPaths: ApiPaths = {
  '/api/follow-ups': {
    get: adminOperation({
      tags: ['follow-ups'],
      summary: 'the queue, soonest due first; open and claimed ones unless `status` says otherwise',
      requestParams: {
        query: z.object(queueParams).extend({
          status: z
            .string()
            .optional()
            .meta({ description: '`all`, or a comma-separated list of open, claimed, resolved' }),
        }),
      },
      responses: { 200: jsonResponse('a page of the queue', followUpQueueSchema) },
      errors: ['bad_filter', 'unavailable'],
    }),
  },
  '/api/follow-ups/{id}': {
    get: adminOperation({
      tags: ['follow-ups'],
      summary: 'one follow-up with its thread',
      requestParams: byId,
      responses: { 200: jsonResponse('the follow-up', followUpViewSchema) },
      errors: ['follow_up_not_found', 'unavailable'],
    }),
  },
  '/api/follow-ups/{id}/transcript': {
    get: adminOperation({
      tags: ['follow-ups'],
      summary: 'the conversation the follow-up came from (empty once it has expired)',
      requestParams: byId,
      responses: { 200: jsonResponse('the transcript', followUpTranscriptSchema) },
      errors: ['follow_up_not_found', 'unavailable'],
    }),
  },
  ...actionPaths,
};
