import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRules, parseRules, RulesLoadError } from '../../rules/answer';
import { RULE_IDS } from '../../rules/schema';
import rulesJson from '../../knowledge/aws/rules.json';

type Json = Record<string, unknown>;
const clone = (): { rules: Json[] } => JSON.parse(JSON.stringify(rulesJson)) as { rules: Json[] };
const ruleOf = (data: { rules: Json[] }, id: string): Json => {
  const r = data.rules.find((x) => x.id === id);
  if (!r) throw new Error(id);
  return r;
};

describe('rules.json', () => {
  const rules = loadRules();

  it('holds every rule id once, grounded in the fixed knowledge entries', () => {
    expect([...rules.keys()].sort()).toEqual([...RULE_IDS].sort());
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
    expect(rules.get('feature-on-exam')?.offsets[1]).toMatchObject({ amount: 6, unit: 'months', exams: 'other' });
    expect(rules.get('teen-consent')?.ages).toEqual({ consentFrom: 13, adultAt: 18 });
  });

  it('every ask is a question that says when or date', () => {
    for (const r of rules.values()) {
      expect(r.input.ask).toMatch(/\?$/);
      expect(r.input.ask).toMatch(/\b(when|date)\b/i);
    }
  });
});

describe('rules: validation errors name the file, rule and field', () => {
  it.each<[string, (d: { rules: Json[] }) => void, string]>([
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
      'missing rule',
      (d) => d.rules.splice(d.rules.indexOf(ruleOf(d, 'appeal-deadline')), 1),
      'rules: test.json: rules: missing rule "appeal-deadline"',
    ],
  ])('%s', (_name, breakIt, message) => {
    const data = clone();
    breakIt(data);
    expect(() => parseRules(data, 'test.json')).toThrow(RulesLoadError);
    expect(() => parseRules(data, 'test.json')).toThrow(message);
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
    expect(loadRules(good).size).toBe(RULE_IDS.length);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{ "rules": [');
    expect(() => loadRules(bad)).toThrow(/^rules: bad\.json: /);
  });
});
