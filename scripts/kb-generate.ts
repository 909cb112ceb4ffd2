/**
 * `npm run kb:generate -- --entries N --out DIR [--seed S]`: a large synthetic knowledge pack, for
 * measuring how the index grows with the pack (`npm run bench:scale`). Deterministic: the same
 * arguments always write the same files.
 *
 * The pack is a help desk about made-up things ("the dovrin pass", "the maltek locker") and what people
 * do with them (cancel, renew, transfer, replace a lost one...): each entry is one thing x one task,
 * so entries compete the way real ones do: the same task across many things (only the thing's name
 * tells them apart) and the same thing across many tasks (only the task's words do). An entry has a
 * question and 10 alternative phrasings, built from shared question frames, the task's verbs and the
 * thing's names, an answer and a source. DIR gets the entries as knowledge files (knowledge/*.json
 * format, up to 1,000 entries a file, valid against knowledge/schema.ts) and DIR/labelled/questions.json
 * (the eval format: q, expect, kind) with 2 new phrasings per entry that no entry holds, one of them
 * with a typo. No pack.json, lexicon or out-of-scope file: the engine's defaults. Topics: the kind of thing.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { FaqEntry } from '../knowledge/schema';

/** A small, seeded pseudo-random generator (mulberry32): the pack depends on the seed only. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Kinds of thing; each has two or three names that phrasings use interchangeably. */
const HEADS: ReadonlyArray<readonly string[]> = [
  ['pass', 'membership pass'], ['card', 'member card'], ['locker', 'storage locker'], ['parcel', 'package'],
  ['booking', 'reservation'], ['permit', 'parking permit'], ['device', 'gadget'], ['key', 'access key'],
  ['plan', 'service plan'], ['order', 'purchase'], ['ticket', 'entry ticket'], ['rental', 'rented item'],
  ['wallet', 'digital wallet'], ['meter', 'smart meter'], ['coupon', 'gift coupon'], ['warranty', 'guarantee'],
  ['library loan', 'loan'], ['bike', 'bicycle'], ['route', 'delivery route'], ['tag', 'luggage tag'],
  ['lease', 'tenancy'], ['mailbox', 'postbox'], ['charger', 'charging point'], ['pickup', 'collection'],
];

/**
 * Tasks: the verbs a phrasing may use for it (the first in the question), and the answer's pattern
 * ({x} is the thing's name, {n} a number). Several tasks share verbs ("change the date", "change the
 * owner"), as real entries do.
 */
const TASKS: ReadonlyArray<{ readonly id: string; readonly verbs: readonly string[]; readonly answer: string }> = [
  { id: 'cancel', verbs: ['cancel', 'call off', 'stop'], answer: 'You can cancel your {x} up to {n} days before it starts, from the {x} page.' },
  { id: 'renew', verbs: ['renew', 'extend', 'keep going'], answer: 'A {x} is renewed from its page during the last {n} days before it ends.' },
  { id: 'transfer', verbs: ['transfer', 'hand over', 'give away'], answer: 'A {x} moves to another person once both of you confirm it, within {n} days.' },
  { id: 'lost', verbs: ['replace a lost', 'get a new copy of a lost', 'recover a missing'], answer: 'Report the lost {x} first; a replacement arrives within {n} working days.' },
  { id: 'change-date', verbs: ['change the date of', 'move the date of', 'pick another day for'], answer: 'The date of a {x} can be changed up to {n} hours before it.' },
  { id: 'change-owner', verbs: ['change the owner of', 'put someone else on', 'switch the holder of'], answer: 'The holder of a {x} is changed by support after an identity check of {n} minutes.' },
  { id: 'status', verbs: ['check the status of', 'track', 'follow the progress of'], answer: 'The status of your {x} shows on its page and updates every {n} minutes.' },
  { id: 'upgrade', verbs: ['upgrade', 'move up', 'improve'], answer: 'An upgraded {x} takes effect within {n} hours; the old one stops then.' },
  { id: 'pause', verbs: ['pause', 'freeze', 'put on hold'], answer: 'A {x} can be paused once a year for at most {n} weeks.' },
  { id: 'share', verbs: ['share', 'add a second person to', 'let my partner use'], answer: 'A {x} can be shared with up to {n} people of the same household.' },
  { id: 'return', verbs: ['return', 'send back', 'give back'], answer: 'Return a {x} within {n} days of receiving it, in its original state.' },
  { id: 'damaged', verbs: ['report a damaged', 'complain about a broken', 'fix a faulty'], answer: 'A damaged {x} is repaired or exchanged within {n} days of the report.' },
  { id: 'activate', verbs: ['activate', 'switch on', 'start using'], answer: 'A new {x} is activated on its page and works within {n} minutes.' },
  { id: 'reactivate', verbs: ['reactivate', 'restore', 'unlock'], answer: 'A blocked {x} is unlocked by support within {n} hours of a request.' },
  { id: 'limit', verbs: ['find the limit of', 'know the maximum for', 'see the cap on'], answer: 'Each {x} has a limit of {n} uses a month; unused uses do not carry over.' },
  { id: 'eligibility', verbs: ['qualify for', 'be eligible for', 'apply for'], answer: 'Anyone over 16 with a verified address may apply for a {x}; a decision takes {n} days.' },
  { id: 'duration', verbs: ['find out the validity of', 'check the expiry of', 'see the end date of'], answer: 'A {x} lasts {n} months from the day it is activated.' },
  { id: 'documents', verbs: ['find the documents for', 'get the paperwork for', 'download the receipt for'], answer: 'The documents of a {x} are on its page for {n} months after issue.' },
  { id: 'merge', verbs: ['merge two', 'combine two', 'join two'], answer: 'Two {x} records of one person are merged by support in {n} days.' },
  { id: 'close', verbs: ['close', 'delete', 'remove'], answer: 'Closing a {x} is final after a grace period of {n} days.' },
  { id: 'change-address', verbs: ['change the address on', 'update the address of', 'move'], answer: 'The address on a {x} is updated on its page and applies within {n} days.' },
  { id: 'contact', verbs: ['talk to someone about', 'reach support about', 'call about'], answer: 'Support for a {x} answers within {n} hours through the help page.' },
  { id: 'late', verbs: ['deal with a late', 'chase an overdue', 'follow up a delayed'], answer: 'A {x} more than {n} days late can be chased through the help page.' },
  { id: 'discount', verbs: ['get a reduction on', 'save money on', 'claim a student rate for'], answer: 'Students and seniors get {n} per cent off a {x} with proof of status.' },
];

/** Question frames: {v} the task's verb, {x} the thing's name. */
const FRAMES: readonly string[] = [
  'How do I {v} my {x}?',
  'Can I {v} my {x}?',
  'Is it possible to {v} the {x}?',
  '{v} {x}',
  'I want to {v} my {x}, how?',
  'What are the steps to {v} a {x}?',
  'Where do I go to {v} my {x}?',
  'need to {v} {x} asap',
  'how can i {v} the {x} online',
  'Help me {v} my {x} please',
  'What should I do to {v} a {x}?',
  'Who can {v} a {x} for me?',
  'Is there a way to {v} my {x} today?',
  'quick question: {v} {x}?',
  'I would like to {v} the {x} I have',
  'what is the process to {v} my {x}',
  'Could you tell me how to {v} a {x}?',
];

/** Made-up words that name things: unique, pronounceable, none an everyday English word (by construction). */
function names(count: number, random: () => number): string[] {
  const onset = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'dr', 'gr', 'kl', 'pl', 'st', 'tr', 'sk'];
  const vowel = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];
  const coda = ['n', 'r', 'l', 'x', 'k', 'm', 'sk', 'nt', 'rd', 'lv'];
  const out = new Set<string>();
  while (out.size < count) {
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    out.add(`${pick(onset)}${pick(vowel)}${pick(onset)}${pick(vowel)}${pick(coda)}`);
  }
  return [...out];
}

/** One typo: two neighbouring letters swapped in the phrasing's longest word. */
function typo(text: string): string {
  const words = text.split(' ');
  let at = 0;
  words.forEach((w, i) => {
    if (w.length > words[at]!.length) at = i;
  });
  const w = words[at]!;
  if (w.length >= 5) words[at] = `${w.slice(0, 2)}${w[3]}${w[2]}${w.slice(4)}`;
  return words.join(' ');
}

export interface GeneratedPack {
  /** Knowledge files: name -> the file's JSON. */
  readonly files: ReadonlyArray<{ readonly name: string; readonly json: { entries: FaqEntry[] } }>;
  readonly entries: readonly FaqEntry[];
  /** New phrasings of the entries, labelled (the eval format). */
  readonly questions: ReadonlyArray<{ readonly q: string; readonly expect: string; readonly kind: string }>;
}

export function generatePack(count: number, seed = 1): GeneratedPack {
  const random = rng(seed);
  // Things: a made-up name x a kind; enough of them that every entry is a distinct (thing, task).
  const thingCount = Math.max(1, Math.ceil(count / TASKS.length) * 2);
  const words = names(Math.ceil(thingCount / 3) + 1, random);
  // Round r gives word w its (7w + r)-th kind: distinct (word, kind) pairs for up to HEADS.length rounds.
  const things: Array<{ id: string; topic: string; forms: string[] }> = [];
  for (let i = 0; things.length < thingCount; i++) {
    const w = i % words.length;
    const word = words[w]!;
    const head = HEADS[(w * 7 + Math.floor(i / words.length)) % HEADS.length]!;
    const topic = head[0]!.replace(/ /g, '-');
    things.push({ id: `${word}-${topic}`, topic, forms: head.map((h) => `${word} ${h}`) });
  }
  // Every (thing, task) pair, in a seeded order; the first `count` become entries.
  const pairs = things.flatMap((_, t) => TASKS.map((_, k) => [t, k] as const));
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }
  const entries: FaqEntry[] = [];
  const questions: Array<{ q: string; expect: string; kind: string }> = [];
  for (const [t, k] of pairs.slice(0, count)) {
    const thing = things[t]!;
    const task = TASKS[k]!;
    const id = `${thing.id}-${task.id}`;
    // Distinct phrasings: frame x verb x name, in a seeded order; the first verb and name make the question.
    const combos = FRAMES.flatMap((f, fi) => task.verbs.flatMap((v, vi) => thing.forms.map((x, xi) => ({ f, fi, v, vi, x, xi }))));
    for (let i = combos.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [combos[i], combos[j]] = [combos[j]!, combos[i]!];
    }
    const usedFrames = new Set<number>();
    const phrasings: string[] = [];
    const held: string[] = [];
    const render = (c: (typeof combos)[number]) => c.f.replace('{v}', c.v).replace('{x}', c.x);
    for (const c of combos) {
      // Each frame once per entry; the first 11 frames are the entry's, the next 2 are held out.
      if (usedFrames.has(c.fi)) continue;
      usedFrames.add(c.fi);
      if (phrasings.length < 11) phrasings.push(render(c));
      else if (held.length < 2) held.push(render(c));
    }
    const n = 2 + Math.floor(random() * 28);
    entries.push({
      id,
      topic: thing.topic,
      question: `How do I ${task.verbs[0]} my ${thing.forms[0]}?`,
      alternatives: phrasings.filter((p) => p !== `How do I ${task.verbs[0]} my ${thing.forms[0]}?`).slice(0, 10),
      answer: task.answer.replace(/\{x\}/g, thing.forms[0]!).replace('{n}', String(n)),
      source: `https://help.example.org/${thing.id}/${task.id}`,
      sourceLabel: 'Example help centre',
    });
    questions.push({ q: held[0]!, expect: id, kind: 'paraphrase' }, { q: typo(held[1]!), expect: id, kind: 'typo' });
  }
  const files: Array<{ name: string; json: { entries: FaqEntry[] } }> = [];
  for (let i = 0; i < entries.length; i += 1000) files.push({ name: `generated-${String(i / 1000 + 1).padStart(2, '0')}.json`, json: { entries: entries.slice(i, i + 1000) } });
  return { files, entries, questions };
}

if (require.main === module) {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { entries: { type: 'string', default: '1000' }, out: { type: 'string' }, seed: { type: 'string', default: '1' } } });
  const count = Number(values.entries);
  if (!values.out || !Number.isInteger(count) || count < 1) {
    process.stderr.write('usage: npm run kb:generate -- --entries N --out DIR [--seed S]\n');
    process.exit(2);
  }
  const pack = generatePack(count, Number(values.seed));
  rmSync(values.out, { recursive: true, force: true });
  mkdirSync(join(values.out, 'labelled'), { recursive: true });
  for (const f of pack.files) writeFileSync(join(values.out, f.name), `${JSON.stringify(f.json, null, 2)}\n`);
  writeFileSync(join(values.out, 'labelled', 'questions.json'), `${JSON.stringify(pack.questions, null, 2)}\n`);
  process.stderr.write(`kb:generate: ${pack.entries.length} entries in ${pack.files.length} files, ${pack.questions.length} labelled questions -> ${values.out}\n`);
}
