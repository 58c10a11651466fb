/**
 * How a module describes its routes in the OpenAPI document (docs/api-reference.md): each
 * module that mounts routes exports its `ApiPaths`, built with the helpers below from the same
 * zod schemas that parse its requests and type its answers, and src/api-document.ts joins them.
 * The error answers come from the catalogue (errors.ts), so a route lists the codes it can
 * answer and their statuses, bodies and `Retry-After` follow.
 */
import { z } from 'zod';
import type {
  ZodOpenApiOperationObject,
  ZodOpenApiPathsObject,
  ZodOpenApiRequestBodyObject,
  ZodOpenApiResponseObject,
  ZodOpenApiResponsesObject,
} from 'zod-openapi';
import { ERROR_STATUS, type ErrorCode, statusOf } from './errors.js';

export type ApiPaths = ZodOpenApiPathsObject;

/** Every failure's body. */
export const errorBodySchema = z
  .strictObject({
    error: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string().meta({ description: 'What went wrong, for a person to read.' }),
  })
  .meta({ id: 'Error', description: 'A failed request: a code from the error catalogue and a message.' });
export type ErrorBody = z.infer<typeof errorBodySchema>;

const retryAfter = z.object({
  'retry-after': z.string().meta({ description: 'Seconds to wait before trying again.' }),
});

/** Codes any route can answer: a bug (logged, answered without detail). */
const ALWAYS: readonly ErrorCode[] = ['internal'];
/** What the admin guard answers (src/http/admin-auth.ts, docs/security.md). */
const GUARD: readonly ErrorCode[] = ['unauthorized', 'host_not_allowed', 'cross_site'];
/** What reading a JSON body can answer (src/http/body.ts). */
export const JSON_BODY_ERRORS: readonly ErrorCode[] = [
  'bad_request',
  'bad_json',
  'unsupported_media_type',
  'payload_too_large',
];

/** The error answers of a route, one per status, each naming the codes it may carry. */
export function errorResponses(codes: readonly ErrorCode[]): ZodOpenApiResponsesObject {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set([...codes, ...ALWAYS])) {
    const status = statusOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const schema = errorBodySchema.extend({ error: z.enum(list as [ErrorCode, ...ErrorCode[]]) });
    responses[String(status)] = {
      description: `\`${list.join('`, `')}\``,
      content: { 'application/json': { schema } },
      ...(status === 429 || status === 503 ? { headers: retryAfter } : {}),
    };
  }
  return responses;
}

export function jsonResponse(description: string, schema: z.ZodType): ZodOpenApiResponseObject {
  return { description, content: { 'application/json': { schema } } };
}

/** A body that is not JSON (a page, a script, CSV, Prometheus text): described by its media type. */
export function textResponse(description: string, mediaType: string): ZodOpenApiResponseObject {
  return { description, content: { [mediaType]: { schema: z.string() } } };
}

export function jsonBody(schema: z.ZodType, description?: string): ZodOpenApiRequestBodyObject {
  return { required: true, ...(description ? { description } : {}), content: { 'application/json': { schema } } };
}

export interface OperationSpec extends Omit<ZodOpenApiOperationObject, 'responses'> {
  summary: string;
  /** The answers that are not failures, by status. */
  responses: ZodOpenApiResponsesObject;
  /** The catalogue codes this route can answer besides those of its guard. */
  errors?: readonly ErrorCode[];
}

/** A route anyone may call. */
export function publicOperation({ errors = [], responses, ...operation }: OperationSpec): ZodOpenApiOperationObject {
  return { ...operation, responses: { ...responses, ...errorResponses(errors) } };
}

/** A route behind the admin guard: the admin token, or a dashboard session cookie. */
export function adminOperation({ errors = [], responses, ...operation }: OperationSpec): ZodOpenApiOperationObject {
  return {
    security: ADMIN_SECURITY,
    ...operation,
    responses: { ...responses, ...errorResponses([...GUARD, ...errors]) },
  };
}

export const ADMIN_SECURITY: Record<string, string[]>[] = [{ adminToken: [] }, { dashboardSession: [] }];

/** A path parameter's schema; restify hands them over as text. */
export const pathText = (description: string) => z.string().min(1).meta({ description });
