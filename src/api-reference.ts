/**
 * Renders the API document as docs/api-reference.md (`npm run docs:api`; the test in
 * test/http/openapi.test.ts checks the committed file is current). Schemas are shown as
 * TypeScript-like types, the named ones once at the end.
 */
import type { ApiDocument } from './api-document.js';
import { ERROR_STATUS } from './http/errors.js';

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  description?: string;
  maxItems?: number;
};
type Parameter = { name: string; in: string; required?: boolean; schema?: Schema; description?: string };
type Media = Record<string, { schema?: Schema }>;
type Operation = {
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content?: Media };
  responses?: Record<string, { description?: string; content?: Media }>;
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const refName = (ref: string) => ref.replace('#/components/schemas/', '');

/** A schema as a TypeScript-like type; objects over several lines, indented by `depth`. */
export function typeOf(schema: Schema | undefined, depth = 0): string {
  if (!schema || Object.keys(schema).filter((key) => key !== 'description').length === 0) return 'unknown';
  if (schema.$ref) return refName(schema.$ref);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map((member) => typeOf(member, depth)).join(' | ');
  if (schema.allOf) return schema.allOf.map((member) => typeOf(member, depth)).join(' & ');
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? 'unknown'];
  return types.map((type) => singleType(schema, type, depth)).join(' | ');
}

function singleType(schema: Schema, type: string, depth: number): string {
  if (type === 'array') return schema.maxItems === 0 ? '[]' : `${wrap(typeOf(schema.items, depth))}[]`;
  if (type === 'integer') return 'integer';
  if (type !== 'object') return type;
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) {
    const values = typeof schema.additionalProperties === 'object' ? typeOf(schema.additionalProperties, depth) : null;
    const keys = schema.propertyNames ? typeOf(schema.propertyNames, depth) : 'string';
    return values ? `{ [key: ${keys}]: ${values} }` : '{ … }';
  }
  const indent = '  '.repeat(depth + 1);
  const lines = properties.map(([name, property]) => {
    const optional = schema.required?.includes(name) ? '' : '?';
    const note = property.description && !property.$ref ? `  // ${property.description}` : '';
    return `${indent}${name}${optional}: ${typeOf(property, depth + 1)};${note}`;
  });
  return `{\n${lines.join('\n')}\n${'  '.repeat(depth)}}`;
}

const wrap = (type: string) =>
  !type.startsWith('{') && (type.includes(' | ') || type.includes(' & ')) ? `(${type})` : type;
const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n\s*/g, ' ');

function security(operation: Operation): string {
  const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
  if (schemes.length === 0) return 'none';
  return schemes.map((scheme) => `\`${scheme}\``).join(' or ');
}

function parametersOf(operation: Operation): string[] {
  const parameters = operation.parameters ?? [];
  if (parameters.length === 0) return [];
  const rows = parameters.map(
    (p) =>
      `| \`${p.name}\` | ${p.in} | ${p.required ? 'yes' : 'no'} | \`${cell(typeOf(p.schema))}\` | ${cell(p.description ?? p.schema?.description ?? '')} |`,
  );
  return ['| parameter | in | required | type | meaning |', '| --- | --- | --- | --- | --- |', ...rows, ''];
}

function bodyOf(content: Media | undefined): string[] {
  return Object.entries(content ?? {}).flatMap(([type, media]) => [
    `Body \`${type}\`:`,
    '',
    '```ts',
    typeOf(media.schema),
    '```',
    '',
  ]);
}

function responsesOf(operation: Operation): string[] {
  const rows = Object.entries(operation.responses ?? {}).map(([status, response]) => {
    const content = Object.entries(response.content ?? {});
    const shapes = content.map(([type, media]) => {
      const shape = typeOf(media.schema);
      const short = shape.includes('\n') || (shape.length > 60 && !type.endsWith('json')) ? '' : ` \`${cell(shape)}\``;
      return `${type}${status.startsWith('2') && !short ? '' : short}`;
    });
    return `| ${status} | ${cell(response.description ?? '')} | ${shapes.join('<br>') || '—'} |`;
  });
  const successes = Object.entries(operation.responses ?? {}).filter(([status]) => status.startsWith('2'));
  const shapes = successes.flatMap(([status, response]) =>
    Object.entries(response.content ?? {})
      .filter(([type]) => type.endsWith('json'))
      .flatMap(([type, media]) => [`${status} \`${type}\`:`, '', '```ts', typeOf(media.schema), '```', '']),
  );
  return ['| status | when | body |', '| --- | --- | --- |', ...rows, '', ...shapes];
}

function operationSection(method: string, path: string, operation: Operation): string[] {
  return [
    `### \`${method.toUpperCase()} ${path}\``,
    '',
    sentence(operation.summary ?? ''),
    '',
    ...(operation.description ? [operation.description, ''] : []),
    `Auth: ${security(operation)}.`,
    '',
    ...parametersOf(operation),
    ...bodyOf(operation.requestBody?.content),
    ...responsesOf(operation),
  ];
}

export function renderApiReference(document: ApiDocument): string {
  const paths = Object.entries(document.paths ?? {}) as [string, Record<string, Operation>][];
  const tags = (document.tags ?? []).map((tag) => tag.name);
  const out: string[] = [
    '# API reference',
    '',
    '<!-- Generated by `npm run docs:api` from the OpenAPI document; do not edit by hand. -->',
    '',
    `Every route of npsbot ${document.info.version}, generated from the zod schemas that parse the requests`,
    'and type the answers. The same document, as OpenAPI 3.1 JSON, is served at `GET /api/openapi.json`',
    '(no token needed: it describes the routes, never data) and kept in [openapi.json](openapi.json).',
    'How to add a route is in `src/http/README.md`.',
    '',
    document.info.description ?? '',
    '',
    '## Auth',
    '',
    '| scheme | what |',
    '| --- | --- |',
    ...Object.entries(document.components?.securitySchemes ?? {}).map(
      ([name, scheme]) => `| \`${name}\` | ${cell('description' in scheme ? (scheme.description ?? '') : '')} |`,
    ),
    '',
    '## Errors',
    '',
    'Every failure is `{ "error": code, "message": text }`; 429 and 503 carry `Retry-After`.',
    '',
    '| code | status |',
    '| --- | --- |',
    ...Object.entries(ERROR_STATUS).map(([code, status]) => `| \`${code}\` | ${status} |`),
    '',
  ];
  for (const tag of tags) {
    out.push(`## ${tag}`, '');
    for (const [path, item] of paths)
      for (const method of METHODS) {
        const operation = item[method];
        if (operation?.tags?.[0] === tag) out.push(...operationSection(method, path, operation));
      }
  }
  out.push('## Schemas', '');
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {}))
    out.push(`### ${name}`, '', '```ts', typeOf(schema as Schema), '```', '');
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
