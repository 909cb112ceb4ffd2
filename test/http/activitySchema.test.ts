/**
 * The incoming activity check (bot/activitySchema.ts): a valid activity takes a hand-written path that
 * skips the zod schema, so that path must never accept what the schema refuses. Every activity here is
 * judged after an activity with the same serviceUrl was (so the fast path decides whenever that URL is
 * one the schema accepts), and its verdict must be the schema's own.
 */
import { activityProblem, DeliverableActivitySchema } from '../../bot/activitySchema';

const base = (): Record<string, unknown> => ({
  type: 'message',
  id: 'act-1',
  channelId: 'emulator',
  serviceUrl: 'https://channel.example/',
  deliveryMode: 'expectReplies',
  locale: 'en-US',
  localTimezone: 'America/New_York',
  timestamp: '2026-11-29T15:00:00.000Z',
  localTimestamp: '2026-11-29T10:00:00-05:00',
  conversation: { id: 'conv-1', isGroup: false },
  from: { id: 'user-1', name: 'User' },
  recipient: { id: 'bot', name: 'Bot' },
  text: 'How long is a microcredential valid?',
  entities: [{ type: 'clientInfo', locale: 'en-US' }],
  attachments: [],
});

const long = (n: number) => 'x'.repeat(n);
const odd: readonly unknown[] = [undefined, null, '', 'x', 0, 1, true, {}, [], { id: 'a' }, [{ type: 'x' }], long(64), long(65)];
/** Values worth trying per field, beyond `odd`: the lengths on both sides of each limit. */
const edges: Record<string, readonly unknown[]> = {
  type: [long(1), long(64), long(65)],
  id: [long(512), long(513)],
  channelId: [long(64), long(65)],
  serviceUrl: [
    'http://a.example',
    'https://a.example:8443/x?y=1',
    'ftp://a.example/',
    'not a url',
    'https://',
    ` https://b.example/ `,
    `https://c.example/${long(2040)}`,
    `https://d.example/${long(2020)}`,
  ],
  conversation: [{ id: '' }, { id: long(1024) }, { id: long(1025) }, { id: 5 }, [{ id: 'a' }]],
  from: [
    { id: '' },
    { id: 'u', name: null },
    { id: 'u', name: long(512) },
    { id: 'u', name: long(513) },
    { id: long(513) },
    { name: 'no id' },
  ],
  recipient: [{ id: '' }, { id: 'b', name: 5 }],
  text: [long(5000), 5],
  locale: [long(64), long(65)],
  localTimezone: [long(128), long(129)],
  timestamp: [long(64), long(65)],
  localTimestamp: [long(64), long(65)],
  deliveryMode: ['normal', long(32), long(33)],
  attachments: [Array(50).fill({}), Array(51).fill({}), [1, 'a', null]],
  entities: [[{ type: long(64) }], [{ type: long(65) }], [{}], [null], [{ type: 'mention', text: 'x' }], Array(51).fill({ type: 'x' })],
  membersAdded: [[{ id: 'a' }], [{ id: '' }], [{}], Array(501).fill({ id: 'a' }), [{ id: 'a', name: 7 }]],
  membersRemoved: [[{ id: 'a' }], [null]],
};

function cases(): Array<[string, Record<string, unknown>]> {
  const out: Array<[string, Record<string, unknown>]> = [['base', base()]];
  for (const [field, values] of Object.entries(edges)) {
    for (const value of [...odd, ...values]) {
      const a: Record<string, unknown> = base();
      if (value === undefined) delete a[field];
      else a[field] = value;
      out.push([`${field} = ${JSON.stringify(value)?.slice(0, 40)}`, a]);
      // The same without deliveryMode: a serviceUrl is then required.
      const { deliveryMode: _d, ...normal } = a;
      out.push([`${field} = ${JSON.stringify(value)?.slice(0, 40)}, no deliveryMode`, normal]);
    }
  }
  return out;
}

describe('the activity check never accepts what the schema refuses', () => {
  it.each(cases())('%s', (_name, activity) => {
    // The serviceUrl is made known to the fast path first (when the schema accepts it).
    activityProblem({ ...base(), serviceUrl: activity.serviceUrl });
    const schemaSays = DeliverableActivitySchema.safeParse(activity).success;
    expect(activityProblem(activity) === undefined).toBe(schemaSays);
  });
});

describe('the fast path', () => {
  afterEach(() => jest.restoreAllMocks());

  it('takes a valid activity from a known serviceUrl without the schema', () => {
    expect(activityProblem(base())).toBeUndefined();
    const spy = jest.spyOn(DeliverableActivitySchema, 'safeParse');
    expect(activityProblem({ ...base(), id: 'act-2', text: 'another question' })).toBeUndefined();
    expect(activityProblem({ ...base(), serviceUrl: undefined })).toBeUndefined();
    expect(spy).not.toHaveBeenCalled();
  });

  it('sends anything else through the schema, which names the problem', () => {
    const spy = jest.spyOn(DeliverableActivitySchema, 'safeParse');
    expect(activityProblem({ ...base(), serviceUrl: 'https://new-channel.example/' })).toBeUndefined();
    expect(activityProblem({ ...base(), channelId: '' })).toMatch(/^invalid activity: channelId: /);
    expect(activityProblem({ ...base(), deliveryMode: undefined, serviceUrl: null })).toBe(
      'invalid activity: serviceUrl: required unless deliveryMode is expectReplies',
    );
    expect(spy).toHaveBeenCalledTimes(3);
  });
});
