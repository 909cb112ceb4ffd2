/** the pack's events.json and its reader: validation with named errors, event words, cancel/yes/no/corrections. */
import bundled from '../../knowledge/aws/events.json';
import { EventsLoadError, parseEvents } from '../../rules/events';
import { awsEvents, awsRules } from '../support/awsRules';

const vocab = awsEvents();
const clone = (): Record<string, unknown> => JSON.parse(JSON.stringify(bundled)) as Record<string, unknown>;

describe('events.json validation', () => {
  it('the bundled file is valid and names the starting events of every rule', () => {
    for (const id of awsRules().keys()) expect(vocab.starts(id).length).toBeGreaterThan(0);
  });

  it.each<[string, (d: Record<string, unknown>) => void, string]>([
    ['a rule with an empty list of starting events', (d) => ((d.starts as Record<string, unknown>)['mc-retake'] = []), 'events: test.json: starts.mc-retake:'],
    ['an unknown event', (d) => ((d.starts as Record<string, unknown>)['mc-retake'] = ['flunked-it']), 'events: test.json: starts.mc-retake[0]: unknown event "flunked-it"'],
    ['a phrase that is no words', (d) => ((d.events as Record<string, string[]>).failed = ['fail(ed)?']), 'events: test.json: events.failed[0]: must be words'],
    ['an unknown field', (d) => (d.extra = 1), 'events: test.json: (rule): Unrecognized key: "extra"'],
    ['a confirm question without its date', (d) => ((d.questions as Record<string, unknown>).confirm = 'Is that the {event}?'), 'events: test.json: questions.confirm:'],
  ])('%s is refused with its place named', (_what, edit, message) => {
    const data = clone();
    edit(data);
    expect(() => parseEvents(data, 'test.json')).toThrow(EventsLoadError);
    expect(() => parseEvents(data, 'test.json')).toThrow(message);
  });
});

describe('event words', () => {
  it.each<[string, string[]]>([
    ['I failed on Nov 3', ['failed']],
    ["I didn't pass it", ['failed']],
    ['I did not pass, then passed', ['failed', 'passed']],
    ['the feature went GA', ['launched']],
    ['my exam is on Friday', ['appointment']],
    ['they told me my result was withdrawn', ['notice', 'notice']],
    ['AWS Certified Solutions Architect', []],
  ])('%s', (text, events) => {
    expect(vocab.mentions(text).map((m) => m.event)).toEqual(events);
  });
});

describe('cancel, yes, no and corrections', () => {
  it.each(['cancel', 'Stop', 'forget it', 'Nah, skip that.', 'never mind', 'nvm', 'ok never mind thanks', 'no thanks', 'scratch that', "it doesn't matter", 'nope'])('"%s" cancels', (t) => {
    expect(vocab.isCancel(t)).toBe(true);
  });
  it.each(['November 20', 'stop the exam timer?', 'can I cancel my exam?', 'no, the 24th', 'thanks', 'ok', 'how do I skip a question in the exam'])('"%s" does not cancel', (t) => {
    expect(vocab.isCancel(t)).toBe(false);
  });
  it.each(['yes', 'Yep', "yes, that's right", 'correct', 'yes it was'])('"%s" says yes', (t) => expect(vocab.isYes(t)).toBe(true));
  it.each(['yes, November 14', 'no', 'yesterday'])('"%s" is no plain yes', (t) => expect(vocab.isYes(t)).toBe(false));
  it.each(['no', 'nope', "no, that's wrong", 'wrong date'])('"%s" says no', (t) => expect(vocab.isNo(t)).toBe(true));
  it.each(['no, the 24th', 'not the lab, the exam', 'sorry, it was the 21st', 'I meant my certification', 'actually it was Tuesday', 'oh wait no, I failed it'])('"%s" is a correction', (t) => {
    expect(vocab.isCorrection(t)).toBe(true);
  });
  it.each(['I failed on Nov 3', 'when can I retake?', 'nothing else'])('"%s" is no correction', (t) => expect(vocab.isCorrection(t)).toBe(false));
});
