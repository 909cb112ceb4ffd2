/**
 * A content owner's flows, end to end against the real server on a copy of the AWS pack: import a QnA
 * Maker TSV of new topics (including subjects the pack lists as out of scope) and ask them in new
 * words; retire an entry and see its questions declined (and a removal that leaves a dangling link
 * rejected, with the reason on /readyz, while the old content keeps serving); change a rule's number
 * and see the static answer and the computed dates follow. No TypeScript is touched.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_KNOWLEDGE_DIR } from '../../knowledge/load';
import { QNA_COLUMNS } from '../../knowledge/qna';
import { parseImportArgs, runImport } from '../../scripts/kb-import';
import { message, post, request, startApp, uid, visible, type RunningApp } from '../production/helpers';

const row = (q: string, a: string, meta: string, qnaId: string) => [q, a, 'https://aws.amazon.com/certification/', meta, '[]', 'False', '[]', qnaId, ''].join('\t');
const PRICE_ANSWER = 'Each exam has its own price, shown on that exam page of the AWS Certification site together with the taxes that apply in your country.';
const LANGUAGE_ANSWER = 'Each exam page lists the languages the exam is offered in; you choose the language when you schedule the appointment.';
const TSV = [
  QNA_COLUMNS.join('\t'),
  ...[
    'How much does an AWS Certification exam cost?',
    'exam price',
    'what is the fee for a certification exam',
    'how much do I pay to take the exam',
    'price of the associate exam',
    'how expensive is the professional exam',
    'what does it cost to book an exam',
    'exam fee for the cloud practitioner',
    'do I have to pay for the certification test',
    'cost of sitting an AWS exam',
  ].map((q) => row(q, PRICE_ANSWER, 'topic:exam-fees', '101')),
  ...[
    'Which languages are the exams offered in?',
    'exam languages',
    'can I take the exam in another language',
    'is the exam available in Japanese',
    'what languages can I sit the test in',
    'is there a Spanish version of the exam',
    'exam not in English',
    'can I choose the language of my certification exam',
  ].map((q) => row(q, LANGUAGE_ANSWER, 'topic:exam-languages', '102')),
].join('\n');

type Entry = { id: string; related?: string[]; [k: string]: unknown };
type EntriesFile = { $schema?: string; entries: Entry[] };

let dir: string;
let run: RunningApp;
const ask = async (text: string) => visible(await post(run.base, message(text, { conversationId: uid('owner') })));
/** Asks each question in turn (one conversation each) and counts the replies that pass `ok`. */
const count = async (questions: readonly string[], ok: (reply: string) => boolean): Promise<number> => {
  let n = 0;
  for (const q of questions) if (ok(await ask(q))) n += 1;
  return n;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'owner-pack-'));
  cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
  run = await startApp({ KNOWLEDGE_DIR: dir, KNOWLEDGE_WATCH: 'false' });
});
afterAll(async () => {
  await run.close();
  rmSync(dir, { recursive: true, force: true });
});

const reload = () => {
  const r = run.app.knowledge.reload();
  return r;
};
const editJson = <T>(file: string, edit: (json: T) => void) => {
  const path = join(dir, file);
  const json = JSON.parse(readFileSync(path, 'utf8')) as T;
  edit(json);
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
};

describe('a content owner runs the pack', () => {
  it('an import written to another folder never takes this pack\'s support link as its source', () => {
    const other = mkdtempSync(join(tmpdir(), 'other-pack-'));
    // Into an empty folder: no pack.json there, so rows without a source link need --source.
    expect(parseImportArgs(['gym.tsv', '--out', join(other, 'gym.json')], () => dir).source).toBeUndefined();
    expect(parseImportArgs(['gym.tsv', '--out', join(other, 'gym.json'), '--source', 'https://gym.example/faq'], () => dir).source).toBe('https://gym.example/faq');
    // Into the live pack: its support link.
    expect(parseImportArgs(['gym.tsv'], () => dir).source).toMatch(/^https:\/\//);
  });

  it('imports new topics from a QnA Maker TSV into the live pack, and they are answered in new words', async () => {
    // Subjects the pack declines today.
    expect(await ask("what's the fee to sit the Solutions Architect Associate?")).not.toContain(PRICE_ANSWER);

    const tsvPath = join(dir, '..', `owner-import-${process.pid}.tsv`);
    writeFileSync(tsvPath, TSV);
    const args = parseImportArgs([tsvPath, '--knowledge', dir], () => dir);
    expect(args.out).toBe(join(dir, `owner-import-${process.pid}.json`));
    const { entries, text } = runImport(args);
    expect(entries).toHaveLength(2);
    expect(entries.map((e) => e.alternatives.length)).toEqual([9, 7]);
    writeFileSync(args.out, text);
    expect(reload()).toMatchObject({ ok: true });
    // The load report names the overlap with the subjects listed as out of scope.
    expect(run.app.knowledge.index.overlaps.join('\n')).toMatch(/how-much-does-an-aws-certification-exam-cost/);

    // New wordings (none is one of the imported phrasings). Measured when written: 5 of 7 price
    // questions and 4 of 5 language questions answered by the imported entries.
    const priceQuestions = [
      'how much does it cost to take a certification exam these days?',
      'what is the price to book an exam',
      'is the exam free or do I need to pay',
      'how pricey is the developer associate test',
      'what will I be charged for the exam',
      'exam fees?',
      'how much money do i need for the certification exam',
    ];
    const languageQuestions = ['can I do my exam in Korean?', 'which languages is the test offered in', 'is the certification exam only in english', 'exam language options', 'can I sit it in French'];
    const price = await count(priceQuestions, (t) => t.includes(PRICE_ANSWER));
    const language = await count(languageQuestions, (t) => t.includes(LANGUAGE_ANSWER));
    expect(price).toBeGreaterThanOrEqual(4);
    expect(language).toBeGreaterThanOrEqual(3);
    // Importing again keeps adding: the same file name merges, an entry with the same id is replaced.
    const again = runImport(args);
    expect(again.entries).toHaveLength(2);
    rmSync(tsvPath);
  });

  let retired: string[] = [];
  it('rejects a removal that leaves a dangling link, keeps serving, and says why on /readyz', async () => {
    editJson<EntriesFile>('scheduling.json', (json) => {
      const gone = json.entries.find((e) => e.id === 'voucher-expiry') as unknown as { question: string; alternatives: string[] };
      retired = [gone.question, ...gone.alternatives];
      json.entries = json.entries.filter((e) => e.id !== 'voucher-expiry');
    });
    const r = reload();
    expect(r.ok).toBe(false);
    const ready = await request(`${run.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(JSON.stringify(ready.json)).toMatch(/related: \\"voucher-expiry\\" points to no entry/);
    // The previous content still answers.
    expect(await ask('Can the expiry date of my exam voucher be extended?')).toMatch(/voucher/i);
  });

  it('retires an entry: once its links are gone it loads, and its questions are declined', async () => {
    for (const file of ['accounts.json', 'certification.json', 'microcredentials.json', 'scheduling.json', 'scoring.json', 'training.json']) {
      editJson<EntriesFile>(file, (json) => {
        for (const e of json.entries) if (e.related) e.related = e.related.filter((id) => id !== 'voucher-expiry');
      });
    }
    expect(reload()).toMatchObject({ ok: true });
    const ready = await request(`${run.base}/readyz`);
    expect(JSON.stringify(ready.json)).not.toMatch(/knowledgeRejected/);
    // The retired entry's own phrasings, asked now: most are declined rather than answered by a
    // neighbouring entry (measured when written: 18 of 39 declined, the rest answered by neighbours;
    // before the learned out-of-scope decline, none was declined).
    const declined = await count(retired, (t) => /couldn't find|does not cover/.test(t));
    expect(declined / retired.length).toBeGreaterThanOrEqual(0.35);
  });

  it('changes a rule number once: the static answer and the computed dates follow', async () => {
    expect(await ask('How long do I have to wait to retake a failed exam?')).toContain('14 days');
    editJson<{ rules: Array<{ id: string; offsets: Array<{ amount: number }> }> }>('rules.json', (json) => {
      json.rules.find((x) => x.id === 'exam-retake')!.offsets[0]!.amount = 21;
    });
    expect(reload()).toMatchObject({ ok: true });
    const fixed = await ask('How long do I have to wait to retake a failed exam?');
    expect(fixed).toContain('21 days');
    expect(fixed).not.toContain('14 days');
    // Failed on November 2, 2026 (the test clock's today is November 29): 21 days later is November 23.
    const computed = await ask('I failed SAA-C03 on 2026-11-02, when can I retake it?');
    expect(computed).toMatch(/November 23, 2026/);
    expect(computed).toContain('21 days');
  });
});
