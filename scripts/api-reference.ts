/**
 * Writes the API document and its rendered reference into docs/:  npm run docs:api
 * (test/http/openapi.test.ts fails, naming this command, when they are not current).
 */
import { writeFileSync } from 'node:fs';
import { buildApiDocument } from '../src/api-document.js';
import { renderApiReference } from '../src/api-reference.js';

const document = buildApiDocument();
writeFileSync('docs/openapi.json', `${JSON.stringify(document, null, 2)}\n`);
writeFileSync('docs/api-reference.md', renderApiReference(document));
process.stdout.write('wrote docs/openapi.json and docs/api-reference.md\n');
