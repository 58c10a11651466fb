/**
 * `/favicon.ico`: a small SVG mark (a speech bubble with the 0–10 scale's middle bar), so the
 * demo page and the dashboard have an icon and browsers stop logging a 404 for it on every
 * page. SVG served at the `.ico` address is understood by current browsers; pages link it
 * with `type="image/svg+xml"`.
 */
import type restify from 'restify';
import { type ApiPaths, publicOperation, textResponse } from './api-doc.js';

export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
  '<path d="M4 5h24a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H13l-7 6v-6H4a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z" fill="#2563eb"/>' +
  '<path d="M8 17h4v-4H8zm6 0h4V9h-4zm6 0h4v-6h-4z" fill="#fff"/></svg>';

export function mountFavicon(server: restify.Server): void {
  const body = Buffer.from(FAVICON_SVG);
  server.get('/favicon.ico', (_req, res, next) => {
    res.writeHead(200, {
      'Content-Type': 'image/svg+xml',
      'Content-Length': body.length,
      'Cache-Control': 'public, max-age=86400',
    });
    res.end(body);
    next();
  });
}

export const faviconPaths: ApiPaths = {
  '/favicon.ico': {
    get: publicOperation({
      tags: ['health'],
      summary: "the pages' icon",
      responses: { 200: textResponse('an SVG icon', 'image/svg+xml') },
    }),
  },
};
