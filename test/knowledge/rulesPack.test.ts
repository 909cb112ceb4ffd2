/**
 * Date rules are content: a third pack (test/fixtures/packs/library-loans, a public library) brings its own
 * rules, the triggers that pick them, a catalogue whose groups have different loan periods, and its own
 * event words, and the same engine computes its dates with no code change: in one turn, over a short
 * dialog when the date is missing, and never with the AWS pack's rules or wording.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDateRules } from '../../bot/dateRules';
import { AnswerPipeline } from '../../bot/pipeline';
import { KnowledgeIndex } from '../../knowledge/index';
import { loadPack } from '../../knowledge/pack';
import { KnowledgeError } from '../../knowledge/load';
import type { TurnClock } from '../../rules/clock';
import { message, post, startApp, visible, type RunningApp } from '../production/helpers';

const PACK_DIR = join(__dirname, '..', 'fixtures', 'packs', 'library-loans');
const FOREIGN_SUBJECT = /\b(?:aws|amazon|certif\w*|microcredential\w*|exam|retake)\b/i;
// Sunday, November 29, 2026, 10:00 in New York (the HTTP helpers' clock too).
const clock: TurnClock = { now: new Date('2026-11-29T15:00:00Z'), timeZone: 'America/New_York', locale: 'en-US' };

function pipelineFor(dir: string): AnswerPipeline {
  const pack = loadPack(dir);
  const index = new KnowledgeIndex(pack);
  return new AnswerPipeline(() => index, createDateRules(() => pack), { maxTextLength: 2000 });
}
const pipeline = pipelineFor(PACK_DIR);

function computed(text: string): { entryId?: string; headline: string; facts: Record<string, string> } {
  const { reply } = pipeline.answer(text, clock);
  expect(reply.kind).toBe('computed');
  return { entryId: reply.entryId, headline: reply.text ?? '', facts: Object.fromEntries((reply.facts ?? []).map((f) => [f.label, f.value])) };
}

describe('a pack with its own date rules, triggers and catalogue', () => {
  it('picks the loan period by the catalogue group of the item named', () => {
    const laptop = computed('I borrowed a laptop on November 20, when is it due back?');
    expect(laptop.entryId).toBe('loan-periods');
    expect(laptop.facts).toMatchObject({ Borrowed: 'Friday, November 20, 2026', Item: 'laptop (LT)', 'Laptops due': expect.stringContaining('Monday, November 23, 2026') });
    expect(laptop.headline).toContain('was due back on Monday, November 23, 2026');

    const dvd = computed('I checked out a DVD on Nov 27, when do I have to return it?');
    expect(dvd.facts['DVDs due']).toContain('Friday, December 4, 2026 (in 5 days)');

    const book = computed('when is my book due? I borrowed it on November 10');
    expect(book.facts['Books due']).toContain('Tuesday, December 1, 2026');
  });

  it('gives every group its date when no item is named', () => {
    const any = computed('I borrowed something on November 25, when is it due?');
    expect(any.headline).toBe(
      'Borrowed on Wednesday, November 25, 2026: a book is due back on Wednesday, December 16, 2026, a DVD on Wednesday, December 2, 2026 and a laptop on Saturday, November 28, 2026.',
    );
  });

  it('a topic of its triggers picks the other rule, from its own event word', () => {
    const hold = computed('my hold is ready, I got the notice on November 28. When must I collect it?');
    expect(hold.entryId).toBe('holds-pickup');
    expect(hold.facts['Collect by']).toContain('Saturday, December 5, 2026 (in 6 days)');
  });

  it('answers general questions statically, with the numbers of its rules quoted', () => {
    const { reply } = pipeline.answer('How long can I keep a book?', clock);
    expect(reply).toMatchObject({ kind: 'answer', entryId: 'loan-periods' });
    expect(reply.text).toContain('Books are lent for 21 days, DVDs for 7 days');
  });

  it('knows nothing of the AWS pack: its questions are declined, not computed', () => {
    for (const text of ['I failed my exam on Nov 3, when can I retake?', 'my certification expires on 2027-01-01', 'I passed SAA-C03 on 2025-03-03']) {
      const { reply } = pipeline.answer(text, clock);
      expect(reply.kind).toBe('fallback');
      expect([reply.text, reply.title].join(' ')).not.toMatch(FOREIGN_SUBJECT);
    }
  });

  it('one edit of a number changes the static answer and the computed date', () => {
    const dir = mkdtempSync(join(tmpdir(), 'library-'));
    cpSync(PACK_DIR, dir, { recursive: true });
    const file = join(dir, 'rules.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"amount": 3, "unit": "days"', '"amount": 2, "unit": "days"'));
    const edited = pipelineFor(dir);
    expect(edited.answer('How long can I keep a laptop?', clock).reply.text).toContain('laptops from the short-loan desk for 2 days');
    const facts = edited.answer('I borrowed a laptop on November 20, when is it due back?', clock).reply.facts ?? [];
    expect(facts.find((f) => f.label === 'Laptops due')?.value).toContain('Sunday, November 22, 2026');
  });

  it('refuses a rules file whose triggers name a rule it lacks, naming the place', () => {
    const dir = mkdtempSync(join(tmpdir(), 'library-'));
    cpSync(PACK_DIR, dir, { recursive: true });
    const file = join(dir, 'rules.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"rule": "hold-pickup"', '"rule": "hold-collect"'));
    expect(() => loadPack(dir)).toThrow(KnowledgeError);
    expect(() => loadPack(dir)).toThrow('knowledge: rules.json: triggers.topics: rule "hold-collect" is not in rules');
  });

  it('a pack without pack.json greets with example questions of its own entries, not a dangling "For example:"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'library-'));
    cpSync(PACK_DIR, dir, { recursive: true });
    rmSync(join(dir, 'pack.json'));
    const bare = pipelineFor(dir);
    for (const text of ['hi', 'help']) {
      const { reply } = bare.answer(text, clock);
      expect(reply.examples).toEqual(['How long can I borrow items for?', 'How long do I have to collect a hold?', 'How do I get a library card?']);
    }
  });

  describe('over HTTP with KNOWLEDGE_DIR pointing at the pack', () => {
    let run: RunningApp;
    beforeAll(async () => {
      run = await startApp({ KNOWLEDGE_DIR: PACK_DIR, KNOWLEDGE_WATCH: 'false' });
    });
    afterAll(() => run.close());

    it('asks for the missing date in its own words, then computes from the reply', async () => {
      const conversationId = `library-${Date.now()}`;
      const ask = await post(run.base, message('when is my laptop due back?', { conversationId }));
      expect(ask.status).toBe(200);
      expect(visible(ask)).toContain('When did you borrow it?');
      const done = await post(run.base, message('November 27', { conversationId }));
      expect(visible(done)).toContain('Monday, November 30, 2026');
      expect(visible(done)).toContain('https://library.riverside.example/borrowing');
      expect(visible(done)).not.toMatch(FOREIGN_SUBJECT);
    });
  });
});
