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

/**
 * Markdown (Bot Framework Emulator, Web Chat text, Teams text): emphasis, links, HTML, headings and list
 * markers are neutralised with backslashes (CommonMark lets any ASCII punctuation be escaped), never with
 * HTML entities: a client that shows the text as it is would show "&amp;". A `<` that could open a tag
 * or an autolink and an `&` that could spell an entity get a zero-width space after them instead (Teams
 * reads `<at>` in text as a mention before any markdown, so a backslash would not stop it).
 */
export function escapeMarkdown(text: string): string {
  return outsideUrls(text, (s) =>
    escapeLineStarts(
      s
        .replace(/([\\`*_[\]#|~])/g, '\\$1')
        .replace(/<(?=[A-Za-z/!?])/g, '<\u200b')
        .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&\u200b'),
    ),
  );
}

/**
 * Slack mrkdwn (Block Kit text objects, the message's `text`): Slack's own rule is that &, < and > are
 * written &amp; &lt; &gt; (Slack shows them as the characters; no other entity is used); emphasis
 * characters are broken up with a zero-width space so user words cannot open bold or code.
 */
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

/**
 * Text for a client that shows it as it is (a Slack notification, a transcript): no markup, no HTML
 * entities; whitespace kept, control characters dropped.
 */
export function plainText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

/**
 * Plain text that a client may still scan for tags (a Teams notification summary): a tag-like `<` gets a
 * zero-width space after it, so `<at>` is never read as a mention; no entities, no other change.
 */
export function breakTags(text: string): string {
  return text.replace(/<(?=[A-Za-z/!?])/g, '<\u200b');
}
