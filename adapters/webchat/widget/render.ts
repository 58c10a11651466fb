/**
 * Turning chat lines into DOM nodes without ever parsing HTML: every piece of text is a text
 * node. The bot's review and referral links become real links, but only http(s) ones, built
 * with `href` and `textContent`, so a message cannot smuggle in markup or `javascript:` URLs.
 */

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = '',
  text = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"']+/g;
/** Punctuation that ends a sentence rather than a URL ("see https://x.example/a."). */
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"。，；：！？）」』]+$/;

export function safeLink(candidate: string): HTMLAnchorElement | undefined {
  try {
    const url = new URL(candidate);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    const link = element('a', '', candidate);
    link.href = url.href;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    return link;
  } catch {
    return undefined;
  }
}

/** The bot's text with its web addresses clickable; everything else stays plain text. */
export function textWithLinks(text: string): Node[] {
  const nodes: Node[] = [];
  let from = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const raw = match[0];
    const url = raw.replace(TRAILING_PUNCTUATION, '');
    const link = url ? safeLink(url) : undefined;
    if (!link) continue;
    const at = match.index ?? 0;
    if (at > from) nodes.push(document.createTextNode(text.slice(from, at)));
    nodes.push(link);
    from = at + url.length;
  }
  if (from < text.length) nodes.push(document.createTextNode(text.slice(from)));
  return nodes;
}

/** A speech bubble drawn as SVG, so it shows on systems without an emoji font. */
export function chatIcon(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '28');
  svg.setAttribute('height', '28');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}
