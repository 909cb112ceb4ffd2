/**
 * The AWS Certification exams by code, name and common short names. The group decides how long a newly
 * generally available feature waits before it can appear on the exam (rule feature-on-exam).
 */

export type ExamGroup = 'ai-ml' | 'other';

export interface ExamInfo {
  /** Current exam code; for exams in a version change, the first of `codes`. */
  readonly code: string;
  readonly codes: readonly string[];
  /** Full name without the "AWS Certified" prefix. */
  readonly name: string;
  readonly group: ExamGroup;
}

interface ExamDef extends ExamInfo {
  /** Lower-case phrases, words separated by single spaces, that name the exam. */
  readonly aliases: readonly string[];
}

export const EXAMS: readonly ExamDef[] = [
  { code: 'AIF-C01', codes: ['AIF-C01'], name: 'AI Practitioner', group: 'ai-ml', aliases: ['ai practitioner', 'aws ai practitioner', 'aif'] },
  {
    code: 'MLA-C01', codes: ['MLA-C01'], name: 'Machine Learning Engineer - Associate', group: 'ai-ml',
    aliases: ['machine learning engineer associate', 'machine learning engineer', 'ml engineer associate', 'ml engineer', 'mla'],
  },
  {
    code: 'AIP-C01', codes: ['AIP-C01'], name: 'Generative AI Developer - Professional', group: 'ai-ml',
    aliases: ['generative ai developer professional', 'generative ai developer', 'genai developer', 'gen ai developer', 'aip'],
  },
  {
    code: 'MLS-C01', codes: ['MLS-C01'], name: 'Machine Learning - Specialty', group: 'ai-ml',
    aliases: ['machine learning specialty', 'ml specialty', 'mls'],
  },
  { code: 'CLF-C02', codes: ['CLF-C02'], name: 'Cloud Practitioner', group: 'other', aliases: ['cloud practitioner', 'clf', 'ccp'] },
  {
    code: 'SAA-C03', codes: ['SAA-C03'], name: 'Solutions Architect - Associate', group: 'other',
    aliases: ['solutions architect associate', 'solution architect associate', 'saa'],
  },
  { code: 'DVA-C02', codes: ['DVA-C02'], name: 'Developer - Associate', group: 'other', aliases: ['developer associate', 'dva'] },
  {
    code: 'SOA-C02', codes: ['SOA-C02', 'SOA-C03'], name: 'SysOps Administrator / CloudOps Engineer - Associate', group: 'other',
    aliases: ['sysops administrator associate', 'sysops administrator', 'sysops associate', 'sysops', 'cloudops engineer associate', 'cloudops engineer', 'cloudops', 'soa'],
  },
  {
    code: 'SAP-C02', codes: ['SAP-C02'], name: 'Solutions Architect - Professional', group: 'other',
    aliases: ['solutions architect professional', 'solution architect professional', 'sap'],
  },
  {
    code: 'DOP-C02', codes: ['DOP-C02'], name: 'DevOps Engineer - Professional', group: 'other',
    aliases: ['devops engineer professional', 'devops professional', 'devops engineer', 'devops pro', 'dop'],
  },
  {
    code: 'SCS-C02', codes: ['SCS-C02', 'SCS-C03'], name: 'Security - Specialty', group: 'other',
    aliases: ['security specialty', 'scs'],
  },
  {
    code: 'ANS-C01', codes: ['ANS-C01'], name: 'Advanced Networking - Specialty', group: 'other',
    aliases: ['advanced networking specialty', 'advanced networking', 'networking specialty', 'ans'],
  },
  { code: 'DEA-C01', codes: ['DEA-C01'], name: 'Data Engineer - Associate', group: 'other', aliases: ['data engineer associate', 'data engineer', 'dea'] },
];

/**
 * Short aliases (exam code prefixes such as "saa") only count next to a version ("saa c03") or the word
 * exam/cert, or after a verb of taking an exam or "my" ("passed saa", "failed my clf", "my dva").
 */
const SHORT_ALIAS_MAX = 4;
const MAX_TEXT = 2000;

/** Lower-case, "machine learning" spelled out, punctuation and hyphens to single spaces. */
function normalise(text: string): string {
  return ` ${text
    .slice(0, MAX_TEXT)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\bml\b/g, 'machine learning')
    .replace(/\bsolution architect\b/g, 'solutions architect')
    .replace(/\s+/g, ' ')
    .trim()} `;
}

const ML_FIX = (alias: string): string => alias.replace(/\bml\b/g, 'machine learning');

interface Pattern {
  readonly exam: ExamDef;
  readonly phrase: string;
  /** Only for a short alias: the contexts it must stand in (see SHORT_ALIAS_MAX), compiled once. */
  readonly followed?: RegExp;
}

const PATTERNS: readonly Pattern[] = EXAMS.flatMap((exam) => {
  const phrases = new Set<string>();
  for (const code of exam.codes) phrases.add(code.toLowerCase().replace(/-/g, ' '));
  for (const code of exam.codes) phrases.add(code.toLowerCase().replace(/-/g, ''));
  for (const alias of exam.aliases) phrases.add(ML_FIX(alias));
  return [...phrases].map((phrase) => {
    const short = phrase.length <= SHORT_ALIAS_MAX;
    return {
      exam,
      phrase,
      ...(short ? { followed: new RegExp(` ${phrase} (?:c\\d\\d |exam|cert|certification)| (?:passed|failed|flunked|took|sat|booked|retake|retaking|taking|my) (?:the |my )?${phrase} `) } : {}),
    };
  });
})
  // Longest phrase first so "solutions architect professional" beats "solutions architect".
  .sort((a, b) => b.phrase.length - a.phrase.length);

function toInfo(exam: ExamDef): ExamInfo {
  return { code: exam.code, codes: exam.codes, name: exam.name, group: exam.group };
}

/**
 * The exam a text names, by code ("saa-c03", "SAA C03", "saac03"), name ("Solutions Architect Associate",
 * "machine learning specialty") or short name followed by exam/cert ("the SAA exam"). Undefined when none.
 */
export function findExam(text: string): ExamInfo | undefined {
  const norm = normalise(text);
  for (const p of PATTERNS) {
    if (p.followed) {
      if (p.followed.test(norm)) return toInfo(p.exam);
      continue;
    }
    if (norm.includes(` ${p.phrase} `)) return toInfo(p.exam);
  }
  return undefined;
}

/** The exam with this code (any of its versions), case-insensitive. */
export function examByCode(code: string): ExamInfo | undefined {
  const c = code.toUpperCase();
  const exam = EXAMS.find((e) => e.codes.includes(c));
  return exam ? toInfo(exam) : undefined;
}

/** Whether the text names an exam code pattern in general (XXX-C00), even one we do not list. */
export function mentionsExamCode(text: string): boolean {
  return /\b[a-z]{3}[-\s]?c0\d\b/i.test(text.slice(0, MAX_TEXT));
}
