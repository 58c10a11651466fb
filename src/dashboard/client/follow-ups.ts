/**
 * The follow-ups queue on the dashboard: the cases still to work (open and claimed), soonest
 * due first as `GET /api/follow-ups` answers them, overdue ones marked; a case opens to its
 * conversation and its thread, with the actions (claim, reply, note, resolve, reopen) sent to
 * the same routes an API user calls. Customer text only ever goes in as text. A row opens on a
 * click anywhere in it, and from the keyboard through the button on the customer's name; with
 * nothing to work the table is hidden rather than left as a bare header.
 */
import type { FollowUp, FollowUpSummary, ThreadEntry } from '../../followups/types.js';

type Listed = FollowUpSummary & { overdue: boolean };
type Opened = FollowUp & { overdue: boolean };
interface Line {
  at: string;
  from: 'bot' | 'agent' | 'customer';
  author?: string;
  text: string;
}

const AGENT_KEY = 'npsbot.agent';

function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

function make(tag: string, text?: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const message = (answer as { message?: unknown } | null)?.message;
    throw new Error(typeof message === 'string' ? message : `the server answered ${response.status}`);
  }
  return answer as T;
}

const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '');
const who = (followUp: FollowUpSummary) => followUp.name ?? followUp.user;

function renderRows(followUps: readonly Listed[], open: (id: string) => void): void {
  const rows = followUps.map((followUp) => {
    const row = make('tr', undefined, followUp.overdue ? 'overdue' : undefined);
    row.dataset.id = followUp.id;
    const due = make('td', when(followUp.dueAt));
    if (followUp.overdue) due.append(' ', make('span', 'overdue', 'tag'));
    const customer = make('td');
    const opener = make('button', who(followUp), 'open-case');
    opener.setAttribute('type', 'button');
    customer.append(opener, ` · ${followUp.channel}`);
    row.append(
      due,
      make('td', followUp.status),
      customer,
      make('td', String(followUp.score)),
      make('td', followUp.reason ?? '–', 'reason'),
      make('td', followUp.claimedBy ?? '–'),
    );
    // The button's click bubbles to the row: one handler serves mouse and keyboard.
    row.addEventListener('click', () => open(followUp.id));
    return row;
  });
  byId('queue-rows').replaceChildren(...rows);
  byId('queue-table').hidden = followUps.length === 0;
  byId('queue-count').textContent =
    followUps.length === 0 ? 'Nothing to follow up.' : `${followUps.length} to work, soonest due first`;
}

function lineItem(from: string, author: string | undefined, text: string, at: string): HTMLElement {
  const item = make('li', undefined, from);
  item.append(make('span', `${author ?? from} · ${when(at)}`, 'who'), make('span', text, 'text'));
  return item;
}

function renderCase(followUp: Opened, transcript: readonly Line[]): void {
  byId('case').hidden = false;
  byId('case').dataset.id = followUp.id;
  byId('case-title').textContent =
    `${who(followUp)} · ${followUp.channel} · score ${followUp.score} · ${followUp.status}` +
    (followUp.claimedBy ? ` (${followUp.claimedBy})` : '') +
    (followUp.overdue ? ' · overdue' : '');
  byId('case-transcript').replaceChildren(
    ...(transcript.length > 0
      ? transcript.map((line) => lineItem(line.from, line.author, line.text, line.at))
      : [make('li', 'The conversation has expired.')]),
  );
  byId('case-thread').replaceChildren(
    ...followUp.thread.map((entry: ThreadEntry) => lineItem(entry.from, entry.author, entry.text, entry.at)),
  );
  const resolved = followUp.status === 'resolved';
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('#case button[data-action]'))) {
    button.disabled = button.dataset.action === 'reopen' ? !resolved : resolved;
  }
}

export async function showQueue(): Promise<void> {
  const agentField = byId<HTMLInputElement>('agent');
  agentField.value = window.localStorage.getItem(AGENT_KEY) ?? '';
  agentField.addEventListener('change', () => window.localStorage.setItem(AGENT_KEY, agentField.value.trim()));
  const problem = byId('case-problem');

  const open = async (id: string) => {
    problem.textContent = '';
    const path = `/api/follow-ups/${encodeURIComponent(id)}`;
    const [followUp, lines] = await Promise.all([
      call<Opened>('GET', path),
      call<{ transcript: Line[] }>('GET', `${path}/transcript`),
    ]);
    renderCase(followUp, lines.transcript);
  };
  const refresh = async () => {
    const queue = await call<{ followUps: Listed[] }>('GET', '/api/follow-ups?limit=50');
    renderRows(queue.followUps, (id) => void open(id).catch((error: Error) => (problem.textContent = error.message)));
  };

  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('#case button[data-action]'))) {
    button.addEventListener('click', () => {
      const id = byId('case').dataset.id ?? '';
      const action = button.dataset.action ?? '';
      const agent = agentField.value.trim();
      const text = byId<HTMLTextAreaElement>('case-text').value.trim();
      problem.textContent = '';
      if (!agent) {
        problem.textContent = 'Type your name as the agent first.';
        return;
      }
      const body =
        action === 'replies' || action === 'notes'
          ? { agent, text }
          : action === 'resolve'
            ? { agent, resolution: text || 'resolved' }
            : { agent };
      document.body.dataset.acting = action;
      call('POST', `/api/follow-ups/${encodeURIComponent(id)}/${action}`, body)
        .then(async () => {
          byId<HTMLTextAreaElement>('case-text').value = '';
          await Promise.all([open(id), refresh()]);
        })
        .catch((error: Error) => {
          problem.textContent = error.message;
        })
        .finally(() => {
          delete document.body.dataset.acting;
        });
    });
  }
  await refresh();
}
