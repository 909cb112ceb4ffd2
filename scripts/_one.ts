import { evalPipeline } from './eval';
const { pipeline } = evalPipeline();
const clock = { now: new Date('2026-11-29T15:00:00Z'), timeZone: 'America/New_York', locale: 'en-US' };
for (const t of process.argv.slice(2)) { const o = pipeline.answer(t, clock); console.log(o.decision, o.reply.entryId, o.reply.ruleId, o.reply.text.slice(0, 200)); }
