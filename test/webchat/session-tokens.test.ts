/**
 * Session tokens (adapters/webchat/tokens.ts): the bot reads back what it issued, whichever
 * of its processes issued it, and nothing else — a token remembered at issue is that exact
 * string, so an altered one is checked, and refused, like any other.
 */
import { describe, expect, it } from 'vitest';
import { issueSessionToken, readSessionToken, webchatKeys } from '../../adapters/webchat/tokens.js';

const claims = { sessionId: 'b7f8d7a4-1b2c-4d3e-8f90-a1b2c3d4e5f6', user: 'anon:b7f8d7a4-1b2c-4d3e-8f90-a1b2c3d4e5f6' };

function altered(token: string): string[] {
  const [payload = '', signature = ''] = token.split('.');
  const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
  const otherClaims = Buffer.from(JSON.stringify({ s: claims.sessionId, u: 'customer-42' })).toString('base64url');
  return [
    `${payload}.${flip(signature, 3)}`,
    `${flip(payload, 5)}.${signature}`,
    `${otherClaims}.${signature}`,
    `${token}.x`,
  ];
}

describe('session tokens', () => {
  it('reads what it issued, in the process that issued it and in another with the same secret', () => {
    const issuing = webchatKeys('s3cret');
    const token = issueSessionToken(issuing, claims);
    expect(readSessionToken(issuing, token)).toEqual(claims);
    expect(readSessionToken(webchatKeys('s3cret'), token)).toEqual(claims);
  });

  it('refuses an altered token, even right after issuing the real one', () => {
    const keys = webchatKeys('s3cret');
    const token = issueSessionToken(keys, claims);
    for (const forged of altered(token)) expect(readSessionToken(keys, forged), forged).toBeUndefined();
    expect(readSessionToken(keys, token)).toEqual(claims);
  });

  it("refuses another secret's token", () => {
    const token = issueSessionToken(webchatKeys('another secret'), claims);
    expect(readSessionToken(webchatKeys('s3cret'), token)).toBeUndefined();
  });
});
