/**
 * Small talk recognised as a whole message (never as a keyword inside a real question):
 * greetings, thanks, help / what can you do, goodbye. (The words that cancel a pending question are
 * content: the pack's events.json, read through the DateRules port.)
 */
export type ChitChat = 'greeting' | 'thanks' | 'help' | 'goodbye';

const normalise = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const PATTERNS: ReadonlyArray<readonly [ChitChat, RegExp]> = [
  ['greeting', /^(?:(?:(?:hi|hello|hey|hiya|howdy|yo|greetings|hallo|helo|hii+) )?(?:hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)|hallo|helo|hii+)(?: there)?(?: (?:bot|friend|team|all|everyone))?|hows it going|how are you(?: doing)?)$/],
  ['thanks', /^(?:(?:ok(?:ay)? )?(?:thanks?|thank you|thx|ty|cheers|many thanks|great thanks|thanks a lot|thank you so much|much appreciated|perfect thanks|got it thanks)(?: (?:bot|a lot|so much|very much))?(?: (?:that|this|it) (?:helped|helps|was helpful|is helpful|was great|is great|works))?)$/],
  // "thanks, that's all I needed": thanks closing the chat, with nothing asked.
  ['thanks', /^(?:thanks?|thank you|thx|ty|cheers|many thanks)(?: (?:a lot|so much|very much))? (?:thats|that is|that was) (?:all|everything|exactly what|just what|what) (?:i )?(?:needed|need|wanted|was looking for)$/],
  ['help', /^(?:help|help me|menu|start|options|commands|\?|what can you do|what do you do|what can i ask(?: you)?|what do you know|how do(?:es)? (?:this|you) work|who are you|what are you|whats your name|what is your name|are you (?:a |an )?(?:bot|robot|human|person|real|ai|chatbot)|(?:test|testing)(?: (?:test|testing|\d+))*|ping|hello world)$/],
  ['goodbye', /^(?:(?:ok(?:ay)? )?(?:thanks?|thank you|thx|ty|cheers|great|perfect|ok(?:ay)?) )?(?:bye|goodbye|bye bye|see you|see ya|later|cya|good night|thats all|that is all|im done)(?: (?:bot|now|thanks|thank you|then))?$/],
];

export function chitChatOf(text: string): ChitChat | undefined {
  const t = normalise(text);
  if (t.length === 0 || t.length > 40) return undefined;
  for (const [kind, re] of PATTERNS) if (re.test(t)) return kind;
  return undefined;
}
