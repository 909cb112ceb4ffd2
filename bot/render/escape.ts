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

/** Markdown (Bot Framework Emulator, Web Chat text, Teams text): emphasis, links, HTML and headings are neutralised. */
export function escapeMarkdown(text: string): string {
  return outsideUrls(text, (s) =>
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/([\\`*_[\]#|~])/g, '\\$1'),
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

/** Adaptive Card TextBlock text (a markdown subset): the same as markdown, minus HTML entities (cards show them raw). */
export function escapeCardText(text: string): string {
  return outsideUrls(text, (s) => s.replace(/([\\`*_[\]#~])/g, '\\$1').replace(/^(\s*)([-+>]|\d+\.)(\s)/gm, '$1\\$2$3'));
}
