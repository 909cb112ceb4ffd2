/** Escaping of text (which may contain user words) for each target format. URLs are left intact. */

const URL = /https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"]/g;

function outsideUrls(text: string, escape: (s: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL)) {
    out += escape(text.slice(last, m.index)) + m[0];
    last = (m.index ?? 0) + m[0].length;
  }
  return out + escape(text.slice(last));
}

/** A list marker at the start of a line ("- ", "+ ", "> ", "12. "), escaped so no list or quote starts there. */
function escapeLineStarts(s: string): string {
  return s.replace(/^(\s*)([-+>])(\s)/gm, '$1\\$2$3').replace(/^(\s*)(\d+)([.)])(\s)/gm, '$1$2\\$3$4');
}

/** Markdown (Bot Framework Emulator, Web Chat text, Teams text): emphasis, links, HTML, headings and list markers are neutralised. */
export function escapeMarkdown(text: string): string {
  return outsideUrls(text, (s) =>
    escapeLineStarts(
      s
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/([\\`*_[\]#|~])/g, '\\$1'),
    ),
  );
}

/** Slack mrkdwn: &, <, > must be entities; emphasis characters are broken up with a zero-width space. */
export function escapeSlack(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([*_~`])/g, '$1\u200b');
}

/**
 * Adaptive Card TextBlock text (a markdown subset): the same as markdown, minus HTML entities (cards
 * show them raw). A tag-like `<` gets a zero-width space after it: Teams reads `<at>...</at>` in card
 * text as a mention, before any markdown, so a backslash would not stop it.
 */
export function escapeCardText(text: string): string {
  return outsideUrls(text, (s) => escapeLineStarts(s.replace(/([\\`*_[\]#~])/g, '\\$1').replace(/<(?=[A-Za-z/!?])/g, '<\u200b')));
}
