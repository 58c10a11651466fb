/**
 * Where the bot may answer without Bot Framework credentials (Emulator mode). Unauthenticated,
 * anyone can POST an activity naming any `serviceUrl`, and the bot would POST its reply there:
 * an open relay. So replies go only to loopback (the Emulator on the same machine) and to the
 * URLs the operator lists in TEAMS_EMULATOR_URLS. With credentials botbuilder checks the
 * caller's token, and the service URL comes from the Bot Framework itself.
 */
const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/** `http://host:port/path` with a trailing slash, so `https://a/amer` does not admit `https://a/amerX`. */
function normalised(url: string): string {
  const href = new URL(url).href;
  return href.endsWith('/') ? href : `${href}/`;
}

export function serviceUrlPolicy(emulatorUrls: readonly string[]): (serviceUrl: string) => boolean {
  const allowed = emulatorUrls.map(normalised);
  return (serviceUrl) => {
    if (!URL.canParse(serviceUrl)) return false;
    const url = new URL(serviceUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (LOOPBACK_HOST.test(url.hostname)) return true;
    const target = normalised(serviceUrl);
    return allowed.some((prefix) => target.startsWith(prefix));
  };
}

export const EMULATOR_WARNING =
  'Teams: no MICROSOFT_APP_ID/MICROSOFT_APP_PASSWORD, so /api/messages runs in Bot Framework Emulator mode: activities are not authenticated and replies go only to loopback serviceUrls (and TEAMS_EMULATOR_URLS). Emulator mode is not for the internet.';
