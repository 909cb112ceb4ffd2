import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRules, parseRuleBook, parseRules, RulesLoadError } from '../../rules/answer';
import { awsCatalogue, AWS_PACK_DIR } from '../support/awsRules';
import rulesJson from '../../knowledge/aws/rules.json';

type Json = Record<string, unknown>;
const clone = (): { rules: Json[]; triggers: Json } => JSON.parse(JSON.stringify(rulesJson)) as { rules: Json[]; triggers: Json };
const ruleOf = (data: { rules: Json[] }, id: string): Json => {
  const r = data.rules.find((x) => x.id === id);
  if (!r) throw new Error(id);
  return r;
};

describe('rules.json', () => {
  const rules = loadRules(path.join(AWS_PACK_DIR, 'rules.json'));

  it('holds every rule id once, grounded in the knowledge entries', () => {
    const entries = Object.fromEntries([...rules.values()].map((r) => [r.id, r.entry]));
    expect(entries).toEqual({
      'mc-retake': 'microcredential-retake-wait',
      'mc-expiry': 'microcredential-validity',
      'mc-renewal': 'microcredential-renewal',
      'exam-retake': 'exam-retake-wait',
      'same-exam-again': 'retake-after-passing',
      'cert-expiry': 'certification-validity',
      'results-due': 'exam-results',
      'reschedule-deadline': 'reschedule-cancel',
      'online-checkin': 'online-check-in',
      'teen-consent': 'teen-candidates',
      'feature-on-exam': 'new-features-on-exams',
      'appeal-deadline': 'result-invalidated-appeal',
    });
  });

  it.each([
    ['mc-retake', 25, 'days', 'after'],
    ['mc-expiry', 12, 'months', 'after'],
    ['mc-renewal', 9, 'months', 'after'],
    ['exam-retake', 14, 'days', 'after'],
    ['same-exam-again', 2, 'years', 'after'],
    ['cert-expiry', 3, 'years', 'after'],
    ['results-due', 5, 'businessDays', 'after'],
    ['reschedule-deadline', 24, 'hours', 'before'],
    ['online-checkin', 30, 'minutes', 'before'],
    ['feature-on-exam', 3, 'months', 'after'],
    ['appeal-deadline', 14, 'days', 'after'],
  ] as const)('%s starts with %i %s %s', (id, amount, unit, direction) => {
    expect(rules.get(id)?.offsets[0]).toMatchObject({ amount, unit, direction });
  });

  it('has the second offsets of the window rules', () => {
    expect(rules.get('mc-renewal')?.offsets[1]).toMatchObject({ key: 'expiry', amount: 12, unit: 'months' });
    expect(rules.get('online-checkin')?.offsets[1]).toMatchObject({ key: 'closes', amount: 15, unit: 'minutes', direction: 'after' });
    expect(rules.get('feature-on-exam')?.offsets[1]).toMatchObject({ amount: 6, unit: 'months', group: 'other' });
    expect(rules.get('teen-consent')?.ages).toMatchObject({ consentFrom: 13, adultAt: 18 });
  });

  it('every ask is a question that says when or date', () => {
    for (const r of rules.values()) {
      expect(r.input.ask).toMatch(/\?$/);
      expect(r.input.ask).toMatch(/\b(when|date)\b/i);
    }
  });
});

describe('rules: validation errors name the file, rule and field', () => {
  it.each<[string, (d: { rules: Json[]; triggers: Json }) => void, string]>([
    [
      'negative amount',
      (d) => ((ruleOf(d, 'mc-retake').offsets as Json[])[0].amount = -1),
      'rules: test.json rule "mc-retake": offsets[0].amount: Too small: expected number to be >=0',
    ],
    [
      'unknown unit',
      (d) => ((ruleOf(d, 'mc-retake').offsets as Json[])[0].unit = 'fortnights'),
      'rules: test.json rule "mc-retake": offsets[0].unit: Invalid option: expected one of "days"|"weeks"|"months"|"years"|"businessDays"|"hours"|"minutes"',
    ],
    [
      'hours on a date input',
      (d) => ((ruleOf(d, 'mc-retake').offsets as Json[])[0].unit = 'hours'),
      'rules: test.json rule "mc-retake": offsets[0].unit: "hours" needs a datetime input',
    ],
    [
      'missing headline state',
      (d) => delete (ruleOf(d, 'mc-expiry').headline as Json).past,
      'rules: test.json rule "mc-expiry": headline.past: missing',
    ],
    [
      'unknown placeholder',
      (d) => ((ruleOf(d, 'mc-expiry').headline as Json).future = 'Your microcredential expires on {when}.'),
      'rules: test.json rule "mc-expiry": headline.future: unknown placeholder {when}',
    ],
    [
      'ask without a question mark',
      (d) => ((ruleOf(d, 'exam-retake').input as Json).ask = 'Tell me the date.'),
      'rules: test.json rule "exam-retake": input.ask: must be a question ending with "?"',
    ],
    [
      'describe without its number',
      (d) => (ruleOf(d, 'cert-expiry').describe = 'valid for some years'),
      'rules: test.json rule "cert-expiry": describe: must state the number of the rule',
    ],
    [
      'window without its condition',
      (d) => delete ruleOf(d, 'mc-renewal').conditions,
      'rules: test.json rule "mc-renewal": conditions: windowOpens needs conditions.onlyBefore',
    ],
    [
      'extra field',
      (d) => (ruleOf(d, 'appeal-deadline').colour = 'red'),
      'rules: test.json rule "appeal-deadline": (rule): Unrecognized key: "colour"',
    ],
    [
      'duplicate id',
      (d) => (ruleOf(d, 'appeal-deadline').id = 'mc-retake'),
      'rules: test.json rule "mc-retake": id: duplicate id',
    ],
    [
      'a rule the triggers name is missing',
      (d) => d.rules.splice(d.rules.indexOf(ruleOf(d, 'appeal-deadline')), 1),
      'rules: test.json: triggers.topics: rule "appeal-deadline" is not in rules',
    ],
    [
      'a trigger pattern that is no regular expression',
      (d) => (((d.triggers.topics as Json[])[0].when as Json[])[0].any = ['(unclosed']),
      'rules: test.json: triggers.topics[0].when[0].any[0]: not a valid regular expression',
    ],
    [
      'a fragment that does not exist',
      (d) => (((d.triggers.topics as Json[])[0].when as Json[])[0].any = ['\\b{{nothing}}\\b']),
      'rules: test.json: triggers.topics[0].when[0].any[0]: no fragment "nothing"',
    ],
    [
      'a topic for a subject that does not exist',
      (d) => ((d.triggers.topics as Json[]).find((t) => t.name === 'retake')!.rule = { course: 'mc-retake', exam: 'exam-retake' }),
      'rules: test.json: triggers.topics: subject "course" is not in triggers.subjects',
    ],
    [
      'a condition naming a topic that does not exist',
      (d) => (((d.triggers.topics as Json[]).find((t) => t.name === 'age')!.unless as Json[])[0].topics = ['retakes']),
      'rules: test.json: triggers.topics: condition names topic "retakes", which does not exist',
    ],
    [
      'a per-group rule without an offset for a group of the catalogue',
      (d) => ((ruleOf(d, 'feature-on-exam').offsets as Json[])[1].group = 'others'),
      'rules: test.json rule "feature-on-exam": offsets: no offset for the catalogue\'s group "other"',
    ],
  ])('%s', (_name, breakIt, message) => {
    const data = clone();
    breakIt(data);
    expect(() => parseRuleBook(data, 'test.json', awsCatalogue())).toThrow(RulesLoadError);
    expect(() => parseRuleBook(data, 'test.json', awsCatalogue())).toThrow(message);
  });

  it('a new rule offset is a data edit: a 30-day retake works without code changes', () => {
    const data = clone();
    (ruleOf(data, 'mc-retake').offsets as Json[])[0].amount = 30;
    ruleOf(data, 'mc-retake').describe = '30 days after a failed attempt';
    const rules = parseRules(data, 'test.json');
    expect(rules.get('mc-retake')?.offsets[0].amount).toBe(30);
  });

  it('loads a file from disk and reports unreadable JSON with the file name', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rules-'));
    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(rulesJson));
    expect(loadRules(good).size).toBe(rulesJson.rules.length);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{ "rules": [');
    expect(() => loadRules(bad)).toThrow(/^rules: bad\.json: /);
  });
});
