/**
 * The connector client of a turn: with deliveryMode "expectReplies" the replies come back in the HTTP
 * response and no client is built; a normal turn still builds one and sends its reply through it. The
 * user token client (OAuth) of a turn is built only when the turn calls it.
 * The adapter is the production one (createAdapter); only the connector factory the authentication
 * returns is replaced, by one that counts the clients it makes and records the calls made on them.
 */
import { type Activity, type CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { type ConnectorClient, type ConnectorFactory, UserTokenClient } from 'botframework-connector';
import pino from 'pino';
import { createAdapter } from '../../bot/adapter';
import { loadConfig } from '../../bot/config';
import { lazyConnectorFactory } from '../../bot/outbound';
import { BASE_ENV, message } from './helpers';

interface Counting extends ConnectorFactory {
  made: number;
  calls: Array<{ op: string; args: unknown[] }>;
}

function countingFactory(): Counting {
  const factory: Counting = {
    made: 0,
    calls: [],
    create: async () => {
      factory.made += 1;
      const record =
        (op: string) =>
        async (...args: unknown[]) => {
          factory.calls.push({ op, args });
          return { id: `sent-${factory.calls.length}` };
        };
      const ops = ['replyToActivity', 'sendToConversation', 'updateActivity', 'deleteActivity'];
      return { conversations: Object.fromEntries(ops.map((op) => [op, record(op)])) } as unknown as ConnectorClient;
    },
  };
  return factory;
}

function adapterWith(factory: ConnectorFactory) {
  const adapter = createAdapter(loadConfig({ ...BASE_ENV }), pino({ level: 'silent' }));
  const auth = (
    adapter as unknown as {
      botFrameworkAuthentication: { authenticateRequest: (a: Activity, h: string) => Promise<Record<string, unknown>> };
    }
  ).botFrameworkAuthentication;
  const original = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, header) => ({ ...(await original(activity, header)), connectorFactory: factory });
  return adapter;
}

const echo = async (context: TurnContext) => {
  await context.sendActivity(`echo: ${context.activity.text}`);
};

test('an expectReplies turn builds no connector client; its reply comes back in the response', async () => {
  const factory = countingFactory();
  const adapter = adapterWith(factory);
  const invoke = await adapter.processIncoming('', message('hello') as unknown as Activity, echo, 5000);
  expect(invoke?.status).toBe(200);
  expect(JSON.stringify(invoke?.body)).toContain('echo: hello');
  expect(factory.made).toBe(0);
  expect(factory.calls).toEqual([]);
});

test('a normal turn builds its client and replies through it', async () => {
  const factory = countingFactory();
  const adapter = adapterWith(factory);
  const activity = { ...message('hello'), deliveryMode: undefined, serviceUrl: 'https://channel.example/' } as unknown as Activity;
  await adapter.processIncoming('', activity, echo, 5000);
  expect(factory.made).toBe(1);
  expect(factory.calls.map((c) => c.op)).toEqual(['replyToActivity']);
  expect(JSON.stringify(factory.calls[0]!.args)).toContain('echo: hello');
});

test('the stand-in makes its client on the first call, once, and passes calls and results through', async () => {
  const factory = countingFactory();
  const client = await lazyConnectorFactory(factory).create('https://channel.example/', 'aud');
  expect(factory.made).toBe(0);
  // Awaiting the stand-in (as the SDK's async code may) must not treat it as a promise.
  expect(await Promise.resolve(client.conversations)).toBe(client.conversations);
  const sent = await client.conversations.sendToConversation('conv-1', { type: 'message', text: 'a' });
  await client.conversations.replyToActivity('conv-1', 'act-1', { type: 'message', text: 'b' });
  expect(sent).toEqual({ id: 'sent-1' });
  expect(factory.made).toBe(1);
  expect(factory.calls.map((c) => [c.op, c.args[0]])).toEqual([
    ['sendToConversation', 'conv-1'],
    ['replyToActivity', 'conv-1'],
  ]);
});

describe('the user token client of a turn', () => {
  const made = () => {
    const fake = { getTokenStatus: jest.fn(async () => [{ connectionName: 'aad', hasToken: true }]) } as unknown as UserTokenClient;
    return jest.spyOn(ConfigurationBotFrameworkAuthentication.prototype, 'createUserTokenClient').mockImplementation(async () => fake);
  };
  afterEach(() => jest.restoreAllMocks());

  test('is not built for a turn that does not use it', async () => {
    const spy = made();
    const adapter = createAdapter(loadConfig({ ...BASE_ENV }), pino({ level: 'silent' }));
    let held: unknown;
    const invoke = await adapter.processIncoming(
      '',
      message('hello') as unknown as Activity,
      async (context) => {
        held = context.turnState.get((context.adapter as CloudAdapter).UserTokenClientKey);
        await echo(context);
      },
      5000,
    );
    expect(JSON.stringify(invoke?.body)).toContain('echo: hello');
    expect(held).toBeInstanceOf(UserTokenClient);
    expect(spy).not.toHaveBeenCalled();
  });

  test('is built on its first call, once, and passes calls and results through', async () => {
    const spy = made();
    const adapter = createAdapter(loadConfig({ ...BASE_ENV }), pino({ level: 'silent' }));
    const results: unknown[] = [];
    await adapter.processIncoming(
      '',
      message('sign me in') as unknown as Activity,
      async (context) => {
        const client = context.turnState.get<UserTokenClient>((context.adapter as CloudAdapter).UserTokenClientKey);
        results.push(await client.getTokenStatus('user-1', 'emulator', ''), await client.getTokenStatus('user-1', 'emulator', 'aad'));
      },
      5000,
    );
    expect(spy).toHaveBeenCalledTimes(1);
    expect(results).toEqual([[{ connectionName: 'aad', hasToken: true }], [{ connectionName: 'aad', hasToken: true }]]);
  });
});
