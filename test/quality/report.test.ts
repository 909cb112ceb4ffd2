import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QualityRecord } from '../../bot/quality';
import { loadKnowledge } from '../../knowledge/load';
import {
  buildReport,
  groupUnanswered,
  helpfulness,
  inPeriod,
  jaccard,
  lastDays,
  neverHit,
  parseRecords,
  questionTerms,
  toCsv,
} from '../../scripts/report';

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'quality-records.json');
const records = parseRecords(JSON.parse(readFileSync(FIXTURE, 'utf8')), 'quality-records.json');
const NOW = new Date('2026-11-29T15:00:00Z');
const DAYS = lastDays(30, NOW);
const period = inPeriod(records, DAYS);
const ids = loadKnowledge().entries.map((e) => e.id);

describe('the reporting period', () => {
  it('is the last N UTC days including today', () => {
    expect(DAYS).toHaveLength(30);
    expect(DAYS[0]).toBe('2026-10-31');
    expect(DAYS[29]).toBe('2026-11-29');
    expect(lastDays(3, new Date('2026-03-01T00:30:00Z'))).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(lastDays(2, new Date('2028-03-01T23:59:59Z'))).toEqual(['2028-02-29', '2028-03-01']);
  });

  it('drops records outside it (one second before the first day; a month earlier)', () => {
    expect(records).toHaveLength(26);
    expect(period).toHaveLength(23);
    expect(period.some((r) => r.at === '2026-10-30T23:59:59.000Z')).toBe(false);
    expect(period.some((r) => r.at === '2026-11-29T23:00:00.000Z')).toBe(true);
  });

  it('rejects a malformed record by index and field', () => {
    expect(() => parseRecords([{ kind: 'feedback', entryId: 'x', channel: 'webchat', at: '2026-11-01T00:00:00Z' }], 'r.json')).toThrow(
      /^report: r\.json: \[0\.helpful\]/,
    );
  });
});

describe('groupUnanswered', () => {
  const groups = groupUnanswered(period);

  it('groups similar wordings (Jaccard >= 0.6 on content words), most frequent first', () => {
    expect(groups.map((g) => [g.question, g.count])).toEqual([
      ['How much does the SAA-C03 exam cost?', 4],
      ['cannot log into pearson vue profile!', 2],
      ['=1+2 asdfgh', 1],
      ['free practice test?', 1],
      ['Is there a free practice exam, with answers, for "Cloud Practitioner"?', 1],
    ]);
  });

  it('counts fallbacks and low-confidence answers, the last time seen and the entry the bot leaned to', () => {
    const cost = groups[0];
    expect(cost).toMatchObject({ fallbacks: 3, lowConfidence: 1, lastSeen: '2026-11-25T08:30:00.000Z', nearestEntry: 'voucher-expiry' });
    expect(cost?.examples).toEqual(['What does the SAA-C03 exam cost???', 'how much does the saa-c03 exam cost']);
    // "cost" is in no phrasing of the pack (the exam code and "exam" are): a synonym or a new entry is due.
    expect(cost?.newWords).toEqual(['cost']);
    // Two wordings seen once each: the more recent one represents the group.
    expect(groups[1]).toMatchObject({ lastSeen: '2026-11-28T19:05:00.000Z', examples: ["I can't log in to my Pearson VUE profile"] });
  });

  it('compares by content words, not spelling', () => {
    expect([...questionTerms('How much does the SAA-C03 exam cost?')].sort()).toEqual(['cost', 'exam', 'saac03']);
    expect(jaccard(questionTerms("I can't log in to my Pearson VUE profile"), questionTerms('cannot log into pearson vue profile!'))).toBeGreaterThanOrEqual(0.8);
    expect(jaccard(questionTerms('price of the SAA-C03 exam'), questionTerms('How much does the SAA-C03 exam cost?'))).toBe(0.5);
    // 0.5 < 0.6: kept apart; a lower threshold joins them.
    const extra: QualityRecord[] = [...period, { kind: 'fallback', question: 'price of the SAA-C03 exam', channel: 'webchat', at: '2026-11-26T00:00:00.000Z' }];
    expect(groupUnanswered(extra)[0]?.count).toBe(4);
    expect(groupUnanswered(extra, 0.5)[0]?.count).toBe(5);
  });

  it('does not depend on the order of the records', () => {
    expect(groupUnanswered([...period].reverse())).toEqual(groups);
  });
});

describe('helpfulness and never hit', () => {
  it('counts yes/no/% helpful/answered per entry, least helpful first', () => {
    expect(helpfulness(period)).toEqual([
      { entryId: 'voucher-expiry', yes: 0, no: 2, helpfulPct: 0, answered: 1 },
      { entryId: 'merge-accounts', yes: 2, no: 1, helpfulPct: 66.7, answered: 3 },
      { entryId: 'exam-retake-wait', yes: 1, no: 0, helpfulPct: 100, answered: 2 },
      { entryId: 'teen-candidates', yes: 1, no: 0, helpfulPct: 100, answered: 0 },
      { entryId: 'passing-scores', yes: 0, no: 0, helpfulPct: null, answered: 1 },
    ]);
    // With the older "no" for exam-retake-wait (outside the period) it would be 50%.
    expect(helpfulness(records).find((h) => h.entryId === 'exam-retake-wait')?.helpfulPct).toBe(50);
  });

  it('lists the entries with no answered/feedback record in the period', () => {
    const never = neverHit(period, ids);
    expect(ids).toHaveLength(31);
    expect(never).toHaveLength(26);
    for (const hit of ['merge-accounts', 'exam-retake-wait', 'voucher-expiry', 'passing-scores', 'teen-candidates']) expect(never).not.toContain(hit);
    // Hit only before the period, or only in a did-you-mean / low-confidence record: never hit.
    expect(never).toContain('beta-exams');
    expect(never).toContain('find-test-center');
    expect(never).toContain('training-options');
    expect(neverHit(records, ids)).not.toContain('beta-exams');
  });

  it('buildReport ties it together', () => {
    const r = buildReport(records, ids, DAYS);
    expect(r.records).toBe(23);
    expect(r.unanswered).toHaveLength(5);
    expect(r.neverHit).toHaveLength(26);
  });
});

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks (RFC 4180) and leaves plain cells alone', () => {
    const csv = toCsv(['question', 'count'], [
      ['plain text', 3],
      ['a, b', 1],
      ['she said "hi"', 2],
      ['line one\nline two', 4],
      ['cr\rhere', 5],
      [null, undefined],
    ]);
    expect(csv).toBe(
      'question,count\r\nplain text,3\r\n"a, b",1\r\n"she said ""hi""",2\r\n"line one\nline two",4\r\n"cr\rhere",5\r\n,\r\n',
    );
  });

  it('defuses spreadsheet formulas in text cells but not numbers', () => {
    expect(toCsv(['q', 'n'], [['=HYPERLINK("x")', -1], ['+1', 0], ['@me', 0]])).toBe('q,n\r\n"\'=HYPERLINK(""x"")",-1\r\n\'+1,0\r\n\'@me,0\r\n');
  });
});

describe('npm run report (CLI)', () => {
  it('prints the three tables and writes the CSVs from --from-file', () => {
    const out = mkdtempSync(join(tmpdir(), 'report-'));
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/report.ts', '--from-file', FIXTURE, '--today', '2026-11-29', '--days', '30', '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Top unanswered questions (5 groups)');
    expect(run.stdout).toContain('Helpfulness per entry');
    expect(run.stdout).toContain('Entries never hit (26)');
    expect(run.stdout).toMatch(/merge-accounts\s+2\s+1\s+66\.7%\s+3/);
    const unanswered = readFileSync(join(out, 'unanswered.csv'), 'utf8');
    expect(unanswered.split('\r\n')[0]).toBe('question,count,fallbacks,low_confidence,last_seen,nearest_entry,new_words,other_wordings');
    expect(unanswered).toContain('"Is there a free practice exam, with answers, for ""Cloud Practitioner""?",1,0,1,');
    expect(readFileSync(join(out, 'helpfulness.csv'), 'utf8')).toContain('passing-scores,0,0,,1\r\n');
    expect(readFileSync(join(out, 'never-hit.csv'), 'utf8').trim().split('\r\n')).toHaveLength(27);
  });
});
