import { cpSync, copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DEFAULT_KNOWLEDGE_DIR, KnowledgeError, knowledgeFiles, loadKnowledge } from '../../knowledge/load';
import {
  escapeField,
  exportQna,
  importQna,
  parseMetadata,
  parseQnaTsv,
  QNA_COLUMNS,
  QnaError,
  slugify,
  unescapeField,
} from '../../knowledge/qna';
import { checkAgainstFolder } from '../../scripts/kb-import';

const FIXTURES = join(__dirname, '..', 'fixtures');
const SAMPLE = readFileSync(join(FIXTURES, 'qna-sample.tsv'), 'utf8');
const BEFORE_TESTING = 'https://aws.amazon.com/certification/policies/before-testing/';
const HEADER = QNA_COLUMNS.join('\t');

/** A TSV row from cells in QNA_COLUMNS order (already escaped). */
const row = (q: string, a: string, meta = '', qnaId = '', prompts = '[]', source = 'Editorial') =>
  [q, a, source, meta, '[]', 'False', prompts, qnaId, ''].join('\t');

describe('TSV escaping', () => {
  it('turns tabs, newlines, carriage returns and backslashes into escapes and back', () => {
    const raw = 'a\tb\nc\r\nd \\ e \\n stays literal';
    const escaped = escapeField(raw);
    expect(escaped).toBe('a\\tb\\nc\\r\\nd \\\\ e \\\\n stays literal');
    expect(escaped).not.toMatch(/[\t\n\r]/);
    expect(unescapeField(escaped)).toBe(raw);
  });

  it('reads QnA Maker metadata pairs', () => {
    expect(parseMetadata('id:exam-retake-wait|Topic: certification |rule:exam-retake')).toEqual({
      id: 'exam-retake-wait',
      topic: 'certification',
      rule: 'exam-retake',
    });
    expect(() => parseMetadata('topic:scoring|oops')).toThrow('"oops" is not a key:value pair');
  });

  it('slugifies questions into entry ids', () => {
    expect(slugify("Can I extend my exam voucher's expiry date?")).toBe('can-i-extend-my-exam-vouchers-expiry-date');
    expect(slugify('x'.repeat(80)).length).toBe(80); // one long word is kept whole
    expect(slugify('one two three four five six seven eight nine ten eleven twelve thirteen').length).toBeLessThanOrEqual(60);
  });
});

describe('kb:import of the sample QnA Maker export', () => {
  const entries = importQna(SAMPLE, { file: 'qna-sample.tsv', defaultSource: BEFORE_TESTING });

  it('groups rows by QnaId (or same answer) into entries with alternatives', () => {
    expect(entries.map((e) => e.id)).toEqual([
      'exam-retake-wait',
      'can-i-extend-the-expiry-date-of-my-exam-voucher',
      'passing-scores',
      'verify-certification',
      'how-long-does-a-microcredential-stay-valid',
    ]);
    const retake = entries[0];
    expect(retake?.question).toBe('How long do I have to wait to retake an exam I failed?');
    expect(retake?.alternatives).toHaveLength(4);
    expect(retake?.topic).toBe('certification');
    expect(retake?.rule).toBe('exam-retake');
    // Prompts, ordered by DisplayOrder (2 before 4 although written the other way round).
    expect(retake?.related).toEqual(['can-i-extend-the-expiry-date-of-my-exam-voucher', 'verify-certification']);
    // Rows without a QnaId grouped by their shared answer; topic from the first row's metadata.
    const mc = entries[4];
    expect(mc?.topic).toBe('microcredentials');
    expect(mc?.alternatives).toEqual(['microcredential expiry', 'does my microcredential expire', 'how many months is a microcredential good for']);
  });

  it('unescapes \\n and \\t inside fields', () => {
    expect(entries[1]?.answer).toBe('No. The expiry date printed on a voucher is final and cannot be pushed back.\nBook and sit your exam before that date.');
    expect(entries[2]?.answer).toContain('Foundational\t700\nAssociate\t720\nProfessional and Specialty\t750');
  });

  it('takes the Source column when it is a URL, else the default source; SourceDisplayName -> sourceLabel', () => {
    expect(entries[3]?.source).toBe('https://aws.amazon.com/verification');
    expect(entries[3]?.sourceLabel).toBe('AWS Certification verification');
    expect(entries[1]?.source).toBe(BEFORE_TESTING); // Source "Editorial"
    expect(entries[1]?.sourceLabel).toBeUndefined();
  });

  it('round trips: import -> export -> import gives the same entries', () => {
    const tsv = exportQna(entries);
    expect(tsv.split('\n')[0]).toBe(HEADER);
    expect(tsv).toContain('id:exam-retake-wait|topic:certification|rule:exam-retake');
    const again = importQna(tsv, { file: 'exported.tsv', defaultSource: BEFORE_TESTING });
    expect(again).toEqual(entries);
    expect(exportQna(again)).toBe(tsv);
  });
});

describe('kb:export of the real knowledge base', () => {
  it('imports back to the same entries (ids, questions, alternatives, answers, sources, related, topics, rules; not answer variants)', () => {
    const { entries } = loadKnowledge();
    const tsv = exportQna(entries);
    const rows = parseQnaTsv(tsv, 'kb.tsv');
    expect(rows).toHaveLength(entries.reduce((n, e) => n + 1 + e.alternatives.length, 0));
    const back = importQna(tsv, { file: 'kb.tsv', defaultSource: BEFORE_TESTING });
    // Answer variants have no place in the QnA format: everything else comes back.
    expect(back).toEqual(entries.map(({ variants: _variants, ...rest }) => rest));
    expect(back.filter((e) => e.rule).length).toBeGreaterThan(5);
  });
});

describe('named errors', () => {
  it('a row with an unescaped tab names the file, line and column count', () => {
    const tsv = [HEADER, row('How long is my certification valid?', 'Three years.', 'topic:certification', '1'), row('cert\tvalidity', 'Three years.', 'topic:certification', '1')].join('\n');
    expect(() => parseQnaTsv(tsv, 'broken.tsv')).toThrow(
      new QnaError('qna: broken.tsv line 3: expected 9 tab-separated columns, found 10 (a tab or line break inside a field must be written as \\t or \\n)'),
    );
  });

  it('a raw line break inside an answer is caught as a short row', () => {
    const whole = row('What is the passing score?', 'It depends on the level:\\nFoundational 700', 'topic:scoring', '1');
    const split = whole.replace('\\n', '\n'); // the escape written as a real line break
    expect(() => parseQnaTsv(`${HEADER}\n${whole}\n`, 'ok.tsv')).not.toThrow();
    expect(() => parseQnaTsv(`${HEADER}\n${split}\n`, 'split.tsv')).toThrow('qna: split.tsv line 2: expected 9 tab-separated columns, found 2');
  });

  it('bad Prompts JSON, a non-numeric QnaId, an empty answer and a missing header column are named', () => {
    expect(() => parseQnaTsv([HEADER, row('a question here?', 'an answer', '', '1', '[{"QnaId":')].join('\n'), 'p.tsv')).toThrow(
      /^qna: p\.tsv line 2: Prompts: not valid JSON/,
    );
    expect(() => parseQnaTsv([HEADER, row('a question here?', 'an answer', '', 'x7')].join('\n'), 'q.tsv')).toThrow(
      'qna: q.tsv line 2: QnaId: "x7" is not a number',
    );
    expect(() => parseQnaTsv([HEADER, row('a question here?', '  ')].join('\n'), 'e.tsv')).toThrow('qna: e.tsv line 2: Answer: is empty');
    expect(() => parseQnaTsv('Question\tSource\nq\ts\n', 'h.tsv')).toThrow('qna: h.tsv line 1: header has no "Answer" column');
  });

  it('an entry with fewer than 3 alternative questions fails, naming the entry and field', () => {
    const answer = 'You can retake a failed exam after waiting 14 days.';
    const tsv = [HEADER, row('When can I retake a failed exam?', answer, 'id:retake|topic:certification', '1'), row('retake wait', answer, 'id:retake|topic:certification', '1')].join('\n');
    let error: unknown;
    try {
      importQna(tsv, { file: 'few.tsv', defaultSource: BEFORE_TESTING });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KnowledgeError);
    expect((error as Error).message).toBe('knowledge: few.tsv entry "retake": alternatives: needs at least 3 alternative phrasings');
  });

  it('an entry without topic metadata is filed under "general" (or --topic); an unknown prompt target is named', () => {
    const a = 'Check-in for an online exam opens 30 minutes before the appointment time.';
    const qs = ['When does online check-in open?', 'online check in time', 'how early can I check in', 'check in window for online exams'];
    const tsv = [HEADER, ...qs.map((q) => row(q, a, '', '5'))].join('\n');
    expect(importQna(tsv, { file: 't.tsv', defaultSource: BEFORE_TESTING })[0]?.topic).toBe('general');
    expect(importQna(tsv, { file: 't.tsv', defaultTopic: 'scheduling', defaultSource: BEFORE_TESTING })[0]?.topic).toBe('scheduling');
    const bad = [HEADER, ...qs.map((q) => row(q, a, 'topic:scheduling', '5', '[{"DisplayOrder":1,"QnaId":9,"DisplayText":"x"}]'))].join('\n');
    expect(() => importQna(bad, { file: 'r.tsv', defaultSource: BEFORE_TESTING })).toThrow('qna: r.tsv line 2: entry "when-does-online-check-in-open": Prompts: QnaId 9 is not in the file');
  });

  it('rows of one QnaId with different answers are rejected', () => {
    const tsv = [HEADER, row('first question here?', 'answer one', 'topic:scoring', '3'), row('second question', 'answer two', 'topic:scoring', '3')].join('\n');
    expect(() => parseQnaTsv(tsv, 'd.tsv') && importQna(tsv, { file: 'd.tsv', defaultSource: BEFORE_TESTING })).toThrow(
      'qna: d.tsv line 3: QnaId 3: Answer differs from the answer of the same QnaId on line 2',
    );
  });

  it('importing into the live knowledge folder checks the other files there (duplicate ids)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-import-'));
    cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
    const { entries } = loadKnowledge(dir);
    const dup = entries.filter((e) => e.id === 'merge-accounts');
    expect(() => checkAgainstFolder(dup, join(dir, 'imported.json'), dir)).toThrow('knowledge: duplicate id "merge-accounts" in imported.json (first in accounts.json)');
    // Elsewhere (or replacing the same file) there is no conflict.
    const accounts = entries.filter((e) => e.topic === 'accounts');
    expect(() => checkAgainstFolder(accounts, join(dir, 'accounts.json'), dir)).not.toThrow();
    expect(() => checkAgainstFolder(dup, join(tmpdir(), 'elsewhere.json'), dir)).not.toThrow();
  });
});
