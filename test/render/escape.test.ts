import fc from 'fast-check';
import { escapeCardText, escapeMarkdown, escapeSlack } from '../../bot/render/escape';
import { webChatMarkdown } from './cardSchema';

const md = webChatMarkdown();

/** What a reader sees of rendered HTML: tags dropped, entities decoded, invisible spaces removed. */
function visible(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\u200b/g, '')
    .trim();
}

const flat = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * Tags markdown-it produced besides the paragraph around it. A bare domain or address that Web Chat's
 * linkify turns into a link to itself ("a.ba" is a Bosnian domain) is not markup the user injected.
 */
function markupTags(html: string): string[] {
  const unlinked = html.replace(/<a href="(?:https?:\/\/|mailto:)?([^"]*)">([^<]*)<\/a>/g, (whole, href: string, text: string) => (href === text ? text : whole));
  return (unlinked.match(/<[a-z][a-z0-9]*/g) ?? []).filter((t) => t !== '<p');
}

// Single-line user words: letters, spaces and every character that means something somewhere.
const userWords = fc
  .array(fc.constantFrom(...'ab 1.-+>#*_`~[]()!|<>/\\&:='.split('')), { minLength: 1, maxLength: 30 })
  .map((cs) => cs.join(''))
  .filter((s) => s.trim().length > 0);

describe('escapeMarkdown', () => {
  test('emphasis, links, code, headings, tables and HTML are neutralised', () => {
    expect(escapeMarkdown('*a* _b_ `c` [d](e) # f | g ~h~ \\')).toBe('\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\# f \\| g \\~h\\~ \\\\');
    expect(escapeMarkdown('<at>Bot</at> & <b>x</b>')).toBe('<\u200bat>Bot<\u200b/at> & <\u200bb>x<\u200b/b>');
  });

  test('never writes an HTML entity: a client that shows the text as it is sees no "&amp;" (issue 15)', () => {
    expect(escapeMarkdown('AWS Training & Certification')).toBe('AWS Training & Certification');
    expect(escapeMarkdown('a < b, c > d, x<5')).toBe('a < b, c > d, x<5');
    // What markdown would read as an entity or a tag is broken up with a zero-width space instead.
    expect(escapeMarkdown('&amp; &#39; <b>')).toBe('&\u200bamp; &\\#39; <\u200bb>');
    fc.assert(
      fc.property(userWords, (s) => {
        expect(escapeMarkdown(s)).not.toMatch(/&(?:amp|lt|gt|quot|#\d+);/);
      }),
      { numRuns: 200 },
    );
  });

  test('URLs are left intact, without the sentence punctuation after them', () => {
    expect(escapeMarkdown('See https://aws.amazon.com/certification/faqs/. Or_this')).toBe('See https://aws.amazon.com/certification/faqs/. Or\\_this');
    expect(escapeMarkdown('https://example.com/a_b*c')).toBe('https://example.com/a_b*c');
  });

  test('quoted user words render literally in Web Chat markdown (property)', () => {
    fc.assert(
      fc.property(userWords, (s) => {
        const html = md.render(`You wrote: "${escapeMarkdown(s)}" today.`);
        expect(markupTags(html)).toEqual([]);
        expect(flat(visible(html))).toBe(flat(`You wrote: "${s}" today.`));
      }),
      { numRuns: 400 },
    );
  });

  test('a line that starts with the escaped words is not a list, quote or heading', () => {
    for (const s of ['- item', '+ item', '1. step', '2) step', '> quote', '# title']) {
      const html = md.render(escapeMarkdown(s));
      expect(markupTags(html)).toEqual([]);
      expect(visible(html)).toBe(s);
    }
  });
});

describe('escapeCardText', () => {
  test('markdown is escaped with backslashes; HTML entities are not used (cards show them raw)', () => {
    expect(escapeCardText('*a* _b_ [c](d) & e')).toBe('\\*a\\* \\_b\\_ \\[c\\](d) & e');
  });

  test('line-start list, quote and heading markers are escaped', () => {
    expect(escapeCardText('- a\n+ b\n> c\n12. d\n3) e\n# f')).toBe('\\- a\n\\+ b\n\\> c\n12\\. d\n3\\) e\n\\# f');
    for (const s of ['- item', '+ item', '1. step', '2) step', '> quote', '# title']) {
      const html = md.render(escapeCardText(s));
      expect(markupTags(html)).toEqual([]);
      expect(visible(html)).toBe(s);
    }
    expect(escapeCardText('a - b 1. c')).toBe('a - b 1. c');
  });

  test('<at> mentions and tags are broken up with a zero-width space; comparisons are not touched', () => {
    expect(escapeCardText('<at>Bot</at>')).toBe('<\u200bat>Bot<\u200b/at>');
    expect(escapeCardText('<AT>Bot</AT> <!-- x --> <?x>')).toBe('<\u200bAT>Bot<\u200b/AT> <\u200b!-- x --> <\u200b?x>');
    expect(escapeCardText('a < b and x<5')).toBe('a < b and x<5');
    expect(escapeCardText('see https://aws.amazon.com/verification for <at>x</at>')).toBe('see https://aws.amazon.com/verification for <\u200bat>x<\u200b/at>');
  });

  test('quoted user words render literally through the markdown Web Chat uses for cards (property)', () => {
    fc.assert(
      fc.property(
        userWords.filter((s) => !s.includes('&')),
        (s) => {
          const text = escapeCardText(s);
          expect(text).not.toMatch(/<at>/i);
          const html = md.render(`You wrote: ${text}`);
          expect(markupTags(html)).toEqual([]);
          expect(flat(visible(html))).toBe(flat(`You wrote: ${s}`));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('escapeSlack', () => {
  test('&, < and > become entities; emphasis characters get a zero-width space', () => {
    expect(escapeSlack('<at>Bot</at> & <https://x|y>')).toBe('&lt;at&gt;Bot&lt;/at&gt; &amp; &lt;https://x|y&gt;');
    expect(escapeSlack('*a* _b_ ~c~ `d`')).toBe('*\u200ba*\u200b _\u200bb_\u200b ~\u200bc~\u200b `\u200bd`\u200b');
  });

  test('no escaped text can open a link, a mention or emphasis (property)', () => {
    fc.assert(
      fc.property(userWords, (s) => {
        const out = escapeSlack(s);
        expect(out).not.toMatch(/[<>]/);
        // Every emphasis character is followed by a zero-width space, so it cannot pair with another.
        expect(out).not.toMatch(/[*_~`](?!\u200b)/);
        expect(out.replace(/\u200b/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')).toBe(s);
      }),
      { numRuns: 400 },
    );
  });
});
