/**
 * The engine is general: a second content pack of a different kind of organisation (a university's IT
 * service desk, test/fixtures/packs/campus-it, written for this test: its own topics, out-of-scope
 * subjects with redirects, no date rules) runs through the same code with no change. Its questions in
 * new words (test/fixtures/packs/campus-it-questions.json, not copied from the entries) are answered,
 * other questions declined, and nothing in any reply speaks of the AWS pack's subject.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDateRules } from '../../bot/dateRules';
import { AnswerPipeline } from '../../bot/pipeline';
import { CALIBRATION, scoreScale } from '../../knowledge/calibrate';
import { KnowledgeIndex } from '../../knowledge/index';
import { loadPack } from '../../knowledge/pack';
import type { TurnClock } from '../../rules/clock';
import { activitiesOf, message, post, startApp, visible, type RunningApp } from '../production/helpers';

const PACK_DIR = join(__dirname, '..', 'fixtures', 'packs', 'campus-it');
const QUESTIONS = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'packs', 'campus-it-questions.json'), 'utf8')) as {
  questions: Array<{ text: string; expected: string | null }>;
};
/** Words of the AWS pack's subject that must never reach a user of another pack. */
const FOREIGN_SUBJECT = /\b(?:aws|amazon|certif\w*|microcredential\w*|credly|voucher|pearson|skill builder|retake)\b/i;

const pack = loadPack(PACK_DIR);
const index = new KnowledgeIndex(pack);
const pipeline = new AnswerPipeline(() => index, createDateRules(() => pack), { maxTextLength: 2000 });
const clock: TurnClock = { now: new Date('2026-11-29T15:00:00Z'), timeZone: 'Europe/London', locale: 'en-GB' };

function replyText(text: string): { kind: string; entryId?: string; all: string } {
  const { reply } = pipeline.answer(text, clock);
  const all = [reply.title, reply.text, ...(reply.notes ?? []), ...(reply.facts ?? []).map((f) => `${f.label} ${f.value}`), ...(reply.examples ?? [])].join(' ');
  return { kind: reply.kind, entryId: reply.entryId, all };
}

describe('a second content pack (campus IT help desk) through the same engine', () => {
  it('loads with its own topic names, out-of-scope subjects and no date rules', () => {
    expect(pack.name).toMatch(/campus/i);
    expect(new Set(pack.entries.map((e) => e.topic)).size).toBeGreaterThanOrEqual(4);
    expect(pack.rules.size).toBe(0);
    expect(pack.outOfScope.subjects.length).toBeGreaterThanOrEqual(5);
  });

  it("lowers the score floors to the pack's own scale: its phrasings, fewer and shorter, score lower", () => {
    const scale = scoreScale(index);
    expect(scale).toBeLessThan(0.9);
    expect(scale).toBeGreaterThanOrEqual(CALIBRATION.minScale);
    expect(scoreScale(index)).toBe(scale);
  });

  it('answers its in-scope questions asked in new words, and declines the others', () => {
    const inScope = QUESTIONS.questions.filter((q) => q.expected !== null);
    const outOfScope = QUESTIONS.questions.filter((q) => q.expected === null);
    const right = inScope.filter((q) => {
      const r = replyText(q.text);
      return r.kind === 'answer' && r.entryId === q.expected;
    });
    const wrong = inScope.filter((q) => {
      const r = replyText(q.text);
      return r.kind === 'answer' && r.entryId !== q.expected;
    });
    const declined = outOfScope.filter((q) => replyText(q.text).kind === 'fallback');
    // Measured when the pack was first run (no lexicon.json, no tuning on these questions): 16/40 right,
    // 2 wrong, 20/20 declined; with the search and the classifier agreeing by a wide margin accepted at a
    // lower coverage (knowledge/decide.ts agree*) and the score floors scaled to the pack
    // (knowledge/calibrate.ts): 24/40 right, 2 wrong, 20/20 declined. A pack without
    // synonyms still misses much of deliberately new vocabulary ("passphrase", "samsung"): its owner adds
    // synonyms. The floors (a question below what was reached) guard the engine's generality.
    expect(right.length / inScope.length).toBeGreaterThanOrEqual(0.55);
    expect(wrong.length).toBeLessThanOrEqual(3);
    expect(declined.length / outOfScope.length).toBeGreaterThanOrEqual(0.95);
  });

  it('never computes a date and never speaks of the AWS pack, whatever is asked', () => {
    const probes = [
      ...QUESTIONS.questions.map((q) => q.text),
      'I failed my exam on Nov 3, when can I retake?',
      'my certification expired yesterday',
      'hello',
      'help',
      'thanks',
      '',
      'how much does the exam cost?',
    ];
    for (const text of probes) {
      const r = replyText(text);
      expect(r.kind).not.toBe('computed');
      expect(r.kind).not.toBe('askDate');
      expect(r.all).not.toMatch(FOREIGN_SUBJECT);
    }
  });

  it('redirects an out-of-scope subject with its own reply and source', () => {
    const withReply = pack.outOfScope.subjects.find((s) => s.reply !== undefined)!;
    const { reply } = pipeline.answer(withReply.examples[0]!, clock);
    expect(reply.kind).toBe('fallback');
    expect(reply.text).toContain(withReply.reply!);
    expect(reply.source?.url).toBe(withReply.source?.url);
  });

  describe('over HTTP with KNOWLEDGE_DIR pointing at the pack', () => {
    let run: RunningApp;
    beforeAll(async () => {
      run = await startApp({ KNOWLEDGE_DIR: PACK_DIR, KNOWLEDGE_WATCH: 'false' });
    });
    afterAll(() => run.close());

    it('greets with the pack wording and answers a question with its source', async () => {
      const hello = await post(run.base, message('hi'));
      expect(visible(hello)).not.toMatch(FOREIGN_SUBJECT);
      const entry0 = pack.entries.find((e) => e.id === 'eduroam-wifi')!;
      const res = await post(run.base, message(entry0.alternatives[0]!));
      expect(res.status).toBe(200);
      const entry = pack.entries.find((e) => e.id === 'eduroam-wifi')!;
      expect(visible(res)).toContain(entry.source);
      expect(activitiesOf(res).length).toBeGreaterThanOrEqual(1);
    });

    it('readyz counts the pack', async () => {
      const ready = await fetch(`${run.base}/readyz`).then((r) => r.json() as Promise<{ checks: { knowledge: string } }>);
      expect(ready.checks.knowledge).toBe(`${pack.entries.length} entries`);
    });
  });
});
