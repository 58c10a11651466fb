/**
 * Bulk proactive surveys ("campaigns"): a list of people, each surveyed through their channel's
 * ProactiveChannel, paced per channel so that a campaign of thousands stays inside the
 * channel's rate limits (Slack's conversations.open and chat.postMessage, the Bot Framework's
 * per-conversation limits). Throttled and opted-out people are reported, not asked.
 * Campaigns run in the process that accepted them; their progress is kept in memory.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import { CHANNELS, type Channel } from '../engine/types.js';
import type { ProactiveChannels, ProactiveRequest } from '../proactive.js';

export interface CampaignEntry extends ProactiveRequest {
  channel: Channel;
}

export const ENTRY_STATUSES = ['sent', 'throttled', 'opted_out', 'no_conversation', 'pending', 'failed'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const campaignViewSchema = z
  .object({
    id: z.string(),
    total: z.number().int(),
    done: z.boolean(),
    counts: z.partialRecord(z.enum(ENTRY_STATUSES), z.number().int()),
    results: z.array(z.object({ channel: z.enum(CHANNELS), user: z.string(), status: z.enum(ENTRY_STATUSES) })),
  })
  .meta({ id: 'Campaign' });
export type CampaignView = z.infer<typeof campaignViewSchema>;

/** Pause between two sends on one channel; the channels' documented rates, with room to spare. */
export const DEFAULT_PACING_MS: Readonly<Record<Channel, number>> = {
  slack: 1200,
  teams: 250,
  webchat: 0,
  terminal: 0,
};

const MAX_KEPT_CAMPAIGNS = 100;

export class CampaignRunner {
  private readonly campaigns = new Map<string, CampaignView>();

  constructor(
    private readonly channels: ProactiveChannels,
    private readonly logger: Logger,
    private readonly newId: () => string,
    private readonly pacingMs: Readonly<Record<Channel, number>> = DEFAULT_PACING_MS,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** Starts a campaign and returns at once; its progress is read with `view`. */
  start(entries: readonly CampaignEntry[]): CampaignView {
    const id = this.newId();
    const view: CampaignView = {
      id,
      total: entries.length,
      done: entries.length === 0,
      counts: { pending: entries.length },
      results: entries.map((entry) => ({ channel: entry.channel, user: entry.user, status: 'pending' })),
    };
    this.campaigns.set(id, view);
    if (this.campaigns.size > MAX_KEPT_CAMPAIGNS) this.campaigns.delete(this.campaigns.keys().next().value as string);
    void this.run(view, entries);
    return view;
  }

  /** Resolves when the campaign has finished (for tests and scripts). */
  async finished(id: string): Promise<CampaignView | undefined> {
    for (;;) {
      const view = this.campaigns.get(id);
      if (!view || view.done) return view;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  view(id: string): CampaignView | undefined {
    return this.campaigns.get(id);
  }

  private async run(view: CampaignView, entries: readonly CampaignEntry[]): Promise<void> {
    // Each channel gets its own paced lane; the lanes run side by side.
    const lanes = new Map<Channel, number[]>();
    for (const [index, entry] of entries.entries())
      lanes.set(entry.channel, [...(lanes.get(entry.channel) ?? []), index]);
    await Promise.all(
      [...lanes].map(async ([channel, indexes]) => {
        for (const [n, index] of indexes.entries()) {
          if (n > 0 && this.pacingMs[channel] > 0) await this.sleep(this.pacingMs[channel]);
          const entry = entries[index] as CampaignEntry;
          this.record(view, index, await this.send(entry));
        }
      }),
    );
    view.done = true;
  }

  private async send(entry: CampaignEntry): Promise<EntryStatus> {
    const channel = this.channels.get(entry.channel);
    if (!channel) return 'no_conversation';
    try {
      return await channel.startSurvey({
        user: entry.user,
        touchpoint: entry.touchpoint,
        properties: entry.properties,
      });
    } catch (error) {
      this.logger.warn({ err: error, channel: entry.channel }, 'campaign: a send failed');
      return 'failed';
    }
  }

  private record(view: CampaignView, index: number, status: EntryStatus): void {
    const result = view.results[index];
    if (!result) return;
    result.status = status;
    view.counts.pending = (view.counts.pending ?? 0) - 1;
    view.counts[status] = (view.counts[status] ?? 0) + 1;
  }
}
