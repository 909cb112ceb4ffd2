import fc from 'fast-check';
import devCases from './dev-cases.fixture.json';
import { addBusinessDays, addDays, addMonths, diffDays, fromDayNumber, isWeekend, parseIso } from '../../rules/calendar';
import { findDates, MAX_TEXT_LENGTH } from '../../rules/dates';
import { answerDateQuestion, detectRule } from '../support/awsRules';
import { fixedClock, type DevCase } from './fixtures';

const isoDate = fc.integer({ min: 0, max: 2_800_000 }).map(fromDayNumber); // 1970..9636, so +/- 50,000 days stays in years 1833..9773

describe('calendar properties', () => {
  it('adding then subtracting N days is the identity', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -50_000, max: 50_000 }), (d, n) => {
        expect(addDays(addDays(d, n), -n)).toBe(d);
        expect(diffDays(d, addDays(d, n))).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('month arithmetic always gives a real date, clamped to the month end', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -240, max: 240 }), (d, n) => {
        const r = addMonths(d, n);
        expect(parseIso(r)).toBeDefined();
        expect(Number(r.slice(8))).toBeLessThanOrEqual(Number(d.slice(8)));
      }),
      { numRuns: 2000 },
    );
  });

  it('business days land on a weekday and never go backwards', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 1, max: 60 }), (d, n) => {
        const r = addBusinessDays(d, n);
        expect(isWeekend(r)).toBe(false);
        expect(diffDays(d, r)).toBeGreaterThanOrEqual(n);
        expect(diffDays(d, r)).toBeLessThanOrEqual(Math.ceil((n * 7) / 5) + 2);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('findDates on arbitrary text', () => {
  const clocks = [
    fixedClock(),
    fixedClock('2026-11-29T12:00:00+00:00', 'Europe/London', 'en-GB'),
    fixedClock('2026-11-29T22:00:00-10:00', 'Pacific/Honolulu'),
  ];
  const datey = fc.constantFrom(' ', '/', '-', '.', ':', ',', 'on ', 'the ', '3rd', '31', '02', '2026', 'Feb', 'March ', 'ago', ' days', 'at 9', 'am', 'yesterday', 'last ', 'Tuesday', 'born ', '29', '12');
  const text = fc.oneof(
    fc.string({ maxLength: MAX_TEXT_LENGTH + 100 }),
    fc.array(datey, { maxLength: 200 }).map((a) => a.join('')),
    fc.string({ unit: 'grapheme', maxLength: MAX_TEXT_LENGTH }),
  );

  it('never throws, returns well-formed findings, and is fast (max over the run reported)', () => {
    // Warm up chrono and the Intl formatters first.
    for (const c of clocks) findDates('I failed on November 3, 2026 at 9:00 AM', c, { tense: 'past' });
    const raw: number[] = [];
    const best: number[] = [];
    fc.assert(
      fc.property(text, fc.constantFrom(0, 1, 2), fc.constantFrom('past' as const, 'future' as const, 'any' as const), (t, ci, tense) => {
        // Each string runs 3 times: the first time (raw) includes any GC pause or descheduling of a busy
        // machine; the best of 3 is the work the call itself costs.
        const runs: number[] = [];
        let found: ReturnType<typeof findDates> = [];
        for (let i = 0; i < 3; i++) {
          const started = performance.now();
          found = findDates(t, clocks[ci], { tense });
          runs.push(performance.now() - started);
        }
        raw.push(runs[0]);
        best.push(Math.min(...runs));
        for (const f of found) {
          expect(f.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          if (!f.error) expect(parseIso(f.date)).toBeDefined();
          expect(f.index).toBeGreaterThanOrEqual(0);
          expect(f.index).toBeLessThan(MAX_TEXT_LENGTH);
        }
      }),
      { numRuns: 1500 },
    );
    const stats = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return { p50: s[Math.floor(s.length / 2)], p99: s[Math.floor(s.length * 0.99)], max: s[s.length - 1] };
    };
    const r = stats(raw);
    const b = stats(best);
    console.log(
      `findDates over ${raw.length} arbitrary strings (cap ${MAX_TEXT_LENGTH}): first run p50 ${r.p50.toFixed(3)} / p99 ${r.p99.toFixed(3)} / max ${r.max.toFixed(3)} ms; ` +
        `best of 3 p50 ${b.p50.toFixed(3)} / p99 ${b.p99.toFixed(3)} / max ${b.max.toFixed(3)} ms`,
    );
    expect(b.max).toBeLessThan(5);
    expect(r.max).toBeLessThan(250); // generous: GC pauses and a shared, loaded machine
  });
});

describe('time per message over the dev rule questions', () => {
  it('median of findDates + answerDateQuestion per message', () => {
    const questions = (devCases as DevCase[])
      .filter((c) => c.tags.includes('rule'))
      .map((c) => ({ text: c.turns[0].text, clock: fixedClock(c.now, c.tz, c.locale), ruleId: detectRule(c.turns[0].text)!.ruleId }));
    expect(questions.length).toBeGreaterThanOrEqual(11);
    for (const q of questions) answerDateQuestion(q.text, q.clock, { ruleId: q.ruleId }); // warm-up
    const times: number[] = [];
    for (let round = 0; round < 50; round++) {
      for (const q of questions) {
        const started = performance.now();
        findDates(q.text, q.clock, { tense: 'any' });
        const a = answerDateQuestion(q.text, q.clock, { ruleId: q.ruleId });
        times.push(performance.now() - started);
        expect(a.kind).toBe('computed');
      }
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(`findDates + answerDateQuestion per message over ${questions.length} dev rule questions x 50: median ${median.toFixed(3)} ms, p95 ${times[Math.floor(times.length * 0.95)].toFixed(3)} ms`);
    expect(median).toBeLessThan(5);
  });
});
