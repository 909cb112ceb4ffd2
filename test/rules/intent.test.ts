import devCases from './dev-cases.fixture.json';
import { asksWhen } from '../../rules/triggers';
import { detectRule, findExam, isPersonal } from '../support/awsRules';
import type { RuleId } from '../../rules/schema';
import type { DevCase } from './fixtures';

describe('detectRule: from the words', () => {
  it.each<[string, RuleId]>([
    ['I failed my microcredential on October 1, 2026. When can I try again?', 'mc-retake'],
    ['I failed the microcredential lab 2 days ago, when can I retake it?', 'mc-retake'],
    ['I failed my micro-credential, when can I retry?', 'mc-retake'],
    ['I failed the exam lab yesterday, can I resit?', 'mc-retake'],
    ['my MC attempt failed last week', 'mc-retake'],
    ['I failed DVA-C02 on November 25, 2026. When can I retake it?', 'exam-retake'],
    ['I failed my certification exam, when can I try again?', 'exam-retake'],
    ['I did not pass the saa c03 exam', 'exam-retake'],
    ['I passed my microcredential on April 10, 2026. When does it expire?', 'mc-expiry'],
    ['how long is my microcredential valid, I passed in June', 'mc-expiry'],
    ['I passed a microcredential on 2026-04-10, when can I renew it?', 'mc-renewal'],
    ['I passed my microcredential, can I take it again?', 'mc-renewal'],
    ['I passed the Cloud Practitioner exam on 2025-02-14. When does my certification expire?', 'cert-expiry'],
    ['When do I need to renew my certification?', 'cert-expiry'],
    ['I want to recertify, I passed SAP-C02 on 2024-01-10', 'cert-expiry'],
    ['I passed SAA-C03 last year, can I take the same exam again?', 'same-exam-again'],
    ['I passed the exam in March, can I retake it?', 'same-exam-again'],
    ['I took my exam on Wednesday, November 25, 2026. When should results arrive?', 'results-due'],
    ['when will I get my score?', 'results-due'],
    ['When will I know if I passed or failed my exam?', 'results-due'],
    ['My exam is on December 5 at 9 AM, until when can I reschedule?', 'reschedule-deadline'],
    ['Can I cancel my appointment on Friday?', 'reschedule-deadline'],
    ['When can I check in for my online exam on Dec 5 at 9am?', 'online-checkin'],
    ['what time does check-in open for my exam', 'online-checkin'],
    ['A feature became generally available on 2026-10-05. Can it be on the AI Practitioner exam?', 'feature-on-exam'],
    ['a new service launched last month, is it on the SAA exam?', 'feature-on-exam'],
    ['I was born on May 5, 2011, can I take the exam?', 'teen-consent'],
    ["I'm 15, can I take an exam?", 'teen-consent'],
    ['my birthday is 2010-05-05, do I need my parents?', 'teen-consent'],
    ['My result was invalidated, the notice came on Nov 20. How long do I have to appeal?', 'appeal-deadline'],
  ])('%j -> %s', (text, ruleId) => {
    expect(detectRule(text)?.ruleId).toBe(ruleId);
    expect(detectRule(text)?.decidedBy).toBe('words');
  });

  it('microcredential and exam are never confused', () => {
    expect(detectRule('I failed my microcredential exam')?.ruleId).toBe('mc-retake');
    expect(detectRule('I failed my exam', 'mc-retake')?.ruleId).toBe('exam-retake');
    expect(detectRule('I failed my microcredential', 'exam-retake')?.ruleId).toBe('mc-retake');
    expect(detectRule('when does my certification expire', 'mc-expiry')?.ruleId).toBe('cert-expiry');
  });

  it('uses the hint only when the words do not decide', () => {
    expect(detectRule('I failed on Nov 3, when can I go again?', 'mc-retake')).toMatchObject({ ruleId: 'mc-retake', decidedBy: 'hint' });
    expect(detectRule('I failed on Nov 3, when can I go again?', 'exam-retake')).toMatchObject({ ruleId: 'exam-retake', decidedBy: 'hint' });
    expect(detectRule('when can I renew? I passed on 2026-01-10', 'mc-expiry')).toMatchObject({ ruleId: 'mc-renewal', decidedBy: 'hint' });
    expect(detectRule('It was on 2026-11-03', 'results-due')).toMatchObject({ ruleId: 'results-due', decidedBy: 'hint' });
    expect(detectRule('I failed on Nov 3, when can I go again?')).toBeUndefined();
    expect(detectRule('It was on 2026-11-03')).toBeUndefined();
    expect(detectRule('It was on 2026-11-03', 'not-a-rule')).toBeUndefined();
  });

  it('names the subject: the catalogue names an exam', () => {
    expect(detectRule('I failed DVA-C02 yesterday')).toMatchObject({ ruleId: 'exam-retake', subject: 'exam' });
    expect(findExam('I failed DVA-C02 yesterday')).toMatchObject({ code: 'DVA-C02', group: 'other' });
  });
});

describe('isPersonal', () => {
  it.each([
    ['I failed my microcredential on October 1, 2026. When can I try again?', true],
    ['When can I retry my microcredential?', true],
    ['I passed the exam yesterday', true],
    ["I'm 15, can I take an exam?", true],
    ['A feature became generally available on 2026-10-05. Can it be on the AI Practitioner exam?', true],
    ['failed on 3 Nov, retake when?', true],
    ['failed the mc lab on the 20th, when can i go again', true],
    ['passed SAA last week, when does it expire', true],
    // "When can I ...": the asker's own date, answered in general and then asked for.
    ['when can I retake the microcredential?', true],
    ['Which exams did people fail most often?', false],
    ['How long is a microcredential valid?', false],
    ['How long does an AWS certification last?', false],
    ['How soon can I retake a failed exam?', false],
    ['How long do I wait after failing a microcredential?', false],
    ['When do new services show up on the exams?', false],
    ['Can a 14 year old take an AWS certification exam?', false],
  ])('%j -> %s', (text, personal) => {
    expect(isPersonal(text)).toBe(personal);
  });

  it('asksWhen: a date or a span is asked for', () => {
    expect(asksWhen('By what date should I have my score?')).toBe(true);
    expect(asksWhen('how long until results show up')).toBe(true);
    expect(asksWhen('I think it hurt my score. Where can I report this?')).toBe(false);
  });

  it('the faq-tagged dev cases are general except those that say "my"', () => {
    const faq = (devCases as DevCase[]).filter((c) => c.tags.includes('faq'));
    for (const c of faq) expect(isPersonal(c.turns[0].text)).toBe(/\bmy\b/i.test(c.turns[0].text));
  });
});

describe('findExam', () => {
  it.each([
    ['I failed SAA-C03', 'SAA-C03'],
    ['saa c03', 'SAA-C03'],
    ['the SAA exam', 'SAA-C03'],
    ['solutions architect associate', 'SAA-C03'],
    ['Solutions Architect - Professional', 'SAP-C02'],
    ['ML specialty', 'MLS-C01'],
    ['machine learning specialty', 'MLS-C01'],
    ['the Machine Learning Engineer - Associate exam', 'MLA-C01'],
    ['AI Practitioner', 'AIF-C01'],
    ['aif-c01', 'AIF-C01'],
    ['Generative AI Developer Professional', 'AIP-C01'],
    ['cloud practitioner', 'CLF-C02'],
    ['DevOps Engineer Professional', 'DOP-C02'],
    ['SOA-C03', 'SOA-C02'],
    ['CloudOps Engineer Associate', 'SOA-C02'],
    ['security specialty scs-c03', 'SCS-C02'],
    ['Advanced Networking - Specialty', 'ANS-C01'],
    ['data engineer associate', 'DEA-C01'],
    ['developer associate DVA-C02', 'DVA-C02'],
  ])('%j -> %s', (text, code) => {
    expect(findExam(text)?.code).toBe(code);
  });

  it.each([
    ['AIF-C01', 'ai-ml'],
    ['MLA-C01', 'ai-ml'],
    ['AIP-C01', 'ai-ml'],
    ['MLS-C01', 'ai-ml'],
    ['CLF-C02', 'other'],
    ['DOP-C02', 'other'],
  ])('%s is in group %s', (code, group) => {
    expect(findExam(code)?.group).toBe(group);
  });

  it.each(['I want to save money', 'a microcredential', 'solutions architect', 'the sap system'])('%j names no exam', (text) => {
    expect(findExam(text)).toBeUndefined();
  });
});
