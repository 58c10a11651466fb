/**
 * Erasing a person from Redis without a keyspace scan: their index names their conversations
 * and responses; every key found carries their shard tag, so one MULTI removes it all in a
 * Cluster too. The report counters are taken back by exactly what each of their conversations
 * added (kept with the response as it was counted), never recounted under today's rules.
 */
import type { Cluster, Redis } from 'ioredis';
import type { Person } from '../engine/types.js';
import { parseRecord } from './memory.js';
import { aboutPerson, reminderMember } from './pending.js';
import type { RedisKeys } from './redis-keys.js';
import {
  deadLetterSchema,
  parseCountedField,
  parseStored,
  pendingEventSchema,
  reminderMemberSchema,
  surveyResponseSchema,
} from './schemas.js';
import type { ErasureReport } from './types.js';

/** Adds what another part of the store keeps about the person (follow-ups) to the same MULTI. */
export type EraseAlso = (erase: ReturnType<(Redis | Cluster)['multi']>, indexMembers: readonly string[]) => void;

export async function eraseFromRedis(
  client: Redis | Cluster,
  keys: RedisKeys,
  person: Person,
  eraseAlso: EraseAlso = () => {},
): Promise<ErasureReport> {
  const shard = keys.shardOf(person);
  const index = keys.personIndex(person);
  const members = await client.smembers(index);
  // Conversations are indexed by their reminder member (the conversation key as JSON).
  const conversations = members.flatMap((m) =>
    m.startsWith('c:') ? (parseStored(reminderMemberSchema, m.slice(2))?.conversation ?? []) : [],
  );
  const indexedResponses = members.filter((m) => m.startsWith('r:')).map((m) => m.slice(2));
  const records = await Promise.all(
    conversations.map(async (conversation) => {
      const json = await client.hget(keys.conversation(person, conversation), 'd');
      return json ? parseRecord(json) : null;
    }),
  );
  // A live conversation may have counted (a survey sent) before it has a response.
  const counted = new Set([...indexedResponses, ...records.flatMap((record) => record?.responseId ?? [])]);
  const responses = await Promise.all(
    indexedResponses.map(async (id) => ({ id, json: await client.get(keys.response(person, id)) })),
  );
  const existing = responses.flatMap(({ id, json }) => {
    const response = json === null ? null : parseStored(surveyResponseSchema, json);
    return response ? [{ id, surveyId: response.surveyId }] : [];
  });
  const surveys = new Set(existing.map((response) => response.surveyId));
  // Whose survey each ledger counted for: its names leave the survey out (countedField).
  const surveyOf = new Map<string, string>([
    ...records.flatMap((record) => (record ? [[record.responseId, record.dialog.surveyId] as const] : [])),
    ...existing.map(({ id, surveyId }) => [id, surveyId] as const),
  ]);
  const ledgers = await Promise.all(
    [...counted].map(async (id) => ({ id, counts: await client.hgetall(keys.counted(person, id)) })),
  );
  const outbox = keys.outbox(shard);
  const pending = Object.entries(await client.hgetall(outbox.events));
  const eventIds = pending
    .filter(([, json]) => {
      const event = parseStored(pendingEventSchema, json);
      return event !== null && aboutPerson(event, person);
    })
    .map(([id]) => id);
  // Dead letters keep the event as it was, personal data and all: they go with the person too.
  const deadIds = Object.entries(await client.hgetall(outbox.dead))
    .filter(([, json]) => {
      const letter = parseStored(deadLetterSchema, json);
      return letter !== null && aboutPerson(letter, person);
    })
    .map(([id]) => id);

  const erase = client.multi();
  for (const conversation of conversations) {
    erase.del(keys.conversation(person, conversation), keys.transcript(person, conversation));
    erase.zrem(keys.reminders(shard), reminderMember({ ...person, conversation }));
  }
  for (const { id, surveyId } of existing) {
    erase.del(keys.response(person, id));
    erase.zrem(keys.responseLog(shard, surveyId), id);
  }
  for (const { id, counts } of ledgers) {
    for (const [name, count] of Object.entries(counts)) {
      const at = parseCountedField(name, surveyOf.get(id));
      if (at) erase.hincrby(keys.rollup(shard, at.surveyId, at.day), at.field, -Number(count));
    }
    erase.del(keys.counted(person, id));
  }
  eraseAlso(erase, members);
  if (eventIds.length > 0) {
    erase
      .hdel(outbox.events, ...eventIds)
      .zrem(outbox.due, ...eventIds)
      .zrem(outbox.raised, ...eventIds);
  }
  if (deadIds.length > 0) erase.hdel(outbox.dead, ...deadIds).zrem(outbox.deadAt, ...deadIds);
  erase.del(keys.person(person), keys.reference(person), index);
  await erase.exec();
  // Which code a person got is personal; the code itself stays spent.
  for (const surveyId of surveys) {
    await client.hdel(keys.rewards(surveyId).claimed, `${person.channel}:${person.user}`);
  }
  return {
    conversations: conversations.length,
    responses: existing.length,
    events: eventIds.length + deadIds.length,
  };
}
