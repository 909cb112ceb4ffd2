/**
 * The rules engine bound to the shipped AWS content pack, for the rules tests: the same functions the
 * engine exports, with the pack's rules, triggers, catalogue and events filled in. The engine itself has
 * no default pack (it knows no subject); these tests check the AWS pack's data through it.
 */
import { join } from 'node:path';
import { loadPack } from '../../knowledge/pack';
import { answerDateQuestion as answerWith, type AnswerOptions, type DateAnswer, type RuleSet } from '../../rules/answer';
import type { Catalogue, CatalogueItem } from '../../rules/catalogue';
import type { EventVocabulary } from '../../rules/events';
import type { TurnClock } from '../../rules/clock';
import type { RuleDetection, Triggers } from '../../rules/triggers';

export const AWS_PACK_DIR = join(__dirname, '..', '..', 'knowledge', 'aws');

let pack: ReturnType<typeof loadPack> | undefined;
function aws(): ReturnType<typeof loadPack> {
  pack ??= loadPack(AWS_PACK_DIR);
  return pack;
}

export const awsRules = (): RuleSet => aws().rules;
export const awsTriggers = (): Triggers => aws().triggers!;
export const awsCatalogue = (): Catalogue => aws().catalogue!;
export const awsEvents = (): EventVocabulary => aws().events!;

/** answerDateQuestion with the AWS pack's rules, events, catalogue and triggers unless given. */
export function answerDateQuestion(text: string, clock: TurnClock, opts: Omit<AnswerOptions, 'rules'> & { rules?: RuleSet }): DateAnswer {
  return answerWith(text, clock, { events: awsEvents(), catalogue: awsCatalogue(), triggers: awsTriggers(), ...opts, rules: opts.rules ?? awsRules() });
}

export const detectRule = (text: string, hint?: string): RuleDetection | undefined => awsTriggers().detect(text, hint, (id) => awsRules().has(id));
export const isPersonal = (text: string): boolean => awsTriggers().isPersonal(text);
export const correctedRule = (previous: string, text: string): string => awsTriggers().corrected(previous, text);
export const findExam = (text: string): CatalogueItem | undefined => awsCatalogue().find(text);
export const examByCode = (code: string): CatalogueItem | undefined => awsCatalogue().byCode(code);
