import { findDates, findVagueDates } from '../rules/dates';
const clock = { now: new Date('2026-11-29T15:00:00Z'), timeZone: 'America/New_York', locale: 'en-US' };
for (const t of process.argv.slice(2)) {
  const f = findDates(t, clock, { tense: (process.env.T as 'past') ?? 'past' });
  console.log(JSON.stringify(t), JSON.stringify(f.map((x) => [x.date, x.time, x.text])), JSON.stringify(findVagueDates(t, clock, { tense: (process.env.T as 'past') ?? 'past' }, f)));
}
