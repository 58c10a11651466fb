/**
 * The baseline for the Bot Framework benchmark: the smallest useful botbuilder bot — a
 * CloudAdapter with MemoryStorage-backed conversation state on restify, echoing each message.
 * (botbuilder appears here only as the thing measured against; npsbot keeps it in adapters/teams.)
 */
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  MemoryStorage,
} from 'botbuilder';
import restify from 'restify';
import { readJson } from '../src/http/body.js';

// No credentials: the same unauthenticated mode npsbot uses for the Emulator.
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const state = new ConversationState(new MemoryStorage());
const turns = state.createProperty<number>('turns');

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const count = ((await turns.get(context, 0)) ?? 0) + 1;
      await turns.set(context, count);
      await context.sendActivity(`You said: ${context.activity.text} (${count})`);
      await next();
    });
  }

  override async run(context: Parameters<ActivityHandler['run']>[0]): Promise<void> {
    await super.run(context);
    await state.saveChanges(context);
  }
}

const bot = new EchoBot();
const server = restify.createServer();
server.post('/api/messages', async (req, res) => {
  // CloudAdapter takes the parsed activity from `req.body`, as a body-parsing middleware leaves it.
  req.body = await readJson(req, res, 256 * 1024);
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () =>
  process.stdout.write(`listening ${server.address().port}\n`),
);
process.on('SIGTERM', () => {
  server.close();
  process.exit(0);
});
