/**
 * The web chat's answer to `POST /api/surveys` and to reminders. A web visitor has no inbox the
 * bot could write to: a survey reaches them only when a page opens the bubble. So the admin API
 * learns whether the person may be surveyed at all (`opted_out`, `throttled`) and otherwise
 * that there is no conversation to send into (`no_conversation`); nothing is sent or stored.
 */
import type { Engine } from '../../src/engine/engine.js';
import type { ProactiveChannel, ProactiveRequest, ProactiveStatus } from '../../src/proactive.js';

export class WebchatProactive implements ProactiveChannel {
  readonly channel = 'webchat' as const;
  readonly unreachable = 'visitor_not_reachable' as const;

  constructor(private readonly engine: Pick<Engine, 'eligibility'>) {}

  async startSurvey(request: ProactiveRequest): Promise<ProactiveStatus> {
    const eligibility = await this.engine.eligibility({ channel: 'webchat', user: request.user });
    return eligibility === 'ok' ? 'no_conversation' : eligibility;
  }

  /** Web chat surveys are started by the visitor or their page, so none is ever due a reminder. */
  async deliver(): Promise<boolean> {
    return false;
  }
}
