/**
 * Checks answers against the API document (src/api-document.ts, docs/api-reference.md): the
 * path and method must be in it, the status among its responses, the media type among that
 * response's, and a JSON body must match its schema (Ajv, JSON Schema 2020-12). API tests opt in
 * by fetching through `documentedFetch` (the HTTP helpers in test/ do), so every answer they
 * read is checked too.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { type ApiDocument, buildApiDocument } from '../../src/api-document.js';

// ajv-formats is CommonJS: its function is the default export's default under NodeNext.
const addFormats = addFormatsModule as unknown as { default: (ajv: Ajv2020) => void };

export const apiDocument: ApiDocument = buildApiDocument();
const DOCUMENT_ID = 'npsbot-openapi.json';

const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats.default(ajv);
ajv.addSchema(apiDocument as object, DOCUMENT_ID);

interface Template {
  path: string;
  pattern: RegExp;
}

/** `/api/follow-ups/{id}` matches `/api/follow-ups/abc`; fixed paths are tried before templated ones. */
const templates: Template[] = Object.keys(apiDocument.paths ?? {})
  .map((path) => ({
    path,
    pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
  }))
  .sort((a, b) => Number(a.path.includes('{')) - Number(b.path.includes('{')));

export function documentedPath(urlPath: string): string | undefined {
  return templates.find((template) => template.pattern.test(urlPath))?.path;
}

const pointer = (...parts: string[]) => parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
const validators = new Map<string, ValidateFunction>();

function validatorAt(ref: string): ValidateFunction {
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.getSchema(ref);
    if (!validate) throw new Error(`no schema at ${ref}`);
    validators.set(ref, validate);
  }
  return validate;
}

export interface Answer {
  method: string;
  url: string;
  status: number;
  contentType: string | null;
  text: string;
}

/** Throws, naming what does not fit, when the answer is not what the document says. */
export function checkAnswer({ method, url, status, contentType, text }: Answer): void {
  const urlPath = new URL(url, 'http://localhost').pathname;
  const where = `${method} ${urlPath} → ${status}`;
  const path = documentedPath(urlPath);
  const verb = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
  const item = path
    ? (apiDocument.paths?.[path] as Record<string, { responses?: Record<string, unknown> }>)
    : undefined;
  const operation = item?.[verb];
  if (!path || !operation) {
    // No route: the server's own 404 (or 405) in the error shape is the one right answer.
    if (status !== 404 && status !== 405) throw new Error(`${where}: ${method} ${urlPath} is not in the API document`);
    const validate = validatorAt(`${DOCUMENT_ID}#/components/schemas/Error`);
    if (!validate(JSON.parse(text || 'null')))
      throw new Error(`${where}: not an error body: ${explain(validate.errors)}`);
    return;
  }
  const code = String(status);
  const response = operation.responses?.[code] as { content?: Record<string, unknown> } | undefined;
  if (!response) throw new Error(`${where}: status ${status} is not documented for ${method} ${path}`);
  if (method.toUpperCase() === 'HEAD' || text === '') {
    // A failure always says why; a success may be empty (a channel's acknowledgement).
    if (text === '' && status >= 400) throw new Error(`${where}: an empty body (${describeContent(response)})`);
    return;
  }
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!response.content?.[mediaType])
    throw new Error(`${where}: ${mediaType || 'no content type'} is not documented (${describeContent(response)})`);
  if (!mediaType.endsWith('json')) return;
  const validate = validatorAt(
    `${DOCUMENT_ID}#/${pointer('paths', path, verb, 'responses', code, 'content', mediaType, 'schema')}`,
  );
  const body: unknown = JSON.parse(text);
  if (!validate(body))
    throw new Error(
      `${where}: the body does not match the document: ${explain(validate.errors)}\n${text.slice(0, 500)}`,
    );
}

function describeContent(response: { content?: Record<string, unknown> }): string {
  return response.content ? `expected ${Object.keys(response.content).join(' or ')}` : 'expected no body';
}

function explain(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((error) => `${error.instancePath || '(body)'} ${error.message ?? ''}`).join('; ');
}

/** `fetch`, with the answer checked against the API document before the test reads it. */
export async function documentedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, init);
  checkAnswer({
    method: init.method ?? 'GET',
    url,
    status: response.status,
    contentType: response.headers.get('content-type'),
    text: await response.clone().text(),
  });
  return response;
}
