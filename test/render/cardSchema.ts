/**
 * Checks for the Adaptive Cards the bot sends, used by the renderer tests.
 *
 * 1. A strict JSON Schema (draft-07, validated with ajv) of the part of Adaptive Card 1.5 the bot
 *    emits: element and action types, property names and enum values as the Adaptive Cards 1.5
 *    reference documents them, no unknown properties. No installed package ships the official 1.5
 *    schema (adaptivecards-designer 2.4.4 ships a 1.0-era one, without ActionSet), so this is written
 *    here; it is stricter than the official one (exact-case enums, additionalProperties false).
 * 2. Web Chat's own renderer library (adaptivecards 3.x, installed with botframework-webchat) parses
 *    the card and runs its validation: unknown types, bad property values, missing URLs, an
 *    unsupported version all show up as its parse or validation events.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';

const spacing = { enum: ['None', 'Small', 'Default', 'Medium', 'Large', 'ExtraLarge', 'Padding'] };
const common = {
  id: { type: 'string' },
  spacing,
  separator: { type: 'boolean' },
  isVisible: { type: 'boolean' },
  height: { enum: ['auto', 'stretch'] },
};
const actionCommon = {
  title: { type: 'string', minLength: 1 },
  id: { type: 'string' },
  tooltip: { type: 'string' },
  iconUrl: { type: 'string' },
  style: { enum: ['default', 'positive', 'destructive'] },
  isEnabled: { type: 'boolean' },
  mode: { enum: ['primary', 'secondary'] },
};

export const ADAPTIVE_CARD_SUBSET_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://cert-helpdesk-bot.local/adaptive-card-1.5-subset.json',
  $ref: '#/definitions/AdaptiveCard',
  definitions: {
    AdaptiveCard: {
      type: 'object',
      required: ['type', 'version', 'body'],
      additionalProperties: false,
      properties: {
        type: { const: 'AdaptiveCard' },
        $schema: { type: 'string', format: 'uri' },
        version: { type: 'string', pattern: '^1\\.[0-5]$' },
        body: { type: 'array', items: { $ref: '#/definitions/Element' } },
        actions: { type: 'array', items: { $ref: '#/definitions/Action' } },
        fallbackText: { type: 'string' },
        speak: { type: 'string' },
        lang: { type: 'string' },
        msteams: {
          type: 'object',
          additionalProperties: false,
          properties: { width: { const: 'Full' } },
        },
      },
    },
    Element: {
      type: 'object',
      required: ['type'],
      properties: { type: { type: 'string' } },
      discriminator: { propertyName: 'type' },
      oneOf: [
        { $ref: '#/definitions/TextBlock' },
        { $ref: '#/definitions/FactSet' },
        { $ref: '#/definitions/ActionSet' },
        { $ref: '#/definitions/ColumnSet' },
        { $ref: '#/definitions/Container' },
      ],
    },
    TextBlock: {
      type: 'object',
      required: ['type', 'text'],
      additionalProperties: false,
      properties: {
        ...common,
        type: { const: 'TextBlock' },
        text: { type: 'string', minLength: 1 },
        wrap: { type: 'boolean' },
        weight: { enum: ['Default', 'Lighter', 'Bolder'] },
        size: { enum: ['Default', 'Small', 'Medium', 'Large', 'ExtraLarge'] },
        color: { enum: ['Default', 'Dark', 'Light', 'Accent', 'Good', 'Warning', 'Attention'] },
        isSubtle: { type: 'boolean' },
        style: { enum: ['default', 'heading'] },
        fontType: { enum: ['Default', 'Monospace'] },
        horizontalAlignment: { enum: ['Left', 'Center', 'Right'] },
        maxLines: { type: 'integer', minimum: 1 },
      },
    },
    FactSet: {
      type: 'object',
      required: ['type', 'facts'],
      additionalProperties: false,
      properties: {
        ...common,
        type: { const: 'FactSet' },
        facts: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['title', 'value'],
            additionalProperties: false,
            properties: { title: { type: 'string' }, value: { type: 'string' } },
          },
        },
      },
    },
    ActionSet: {
      type: 'object',
      required: ['type', 'actions'],
      additionalProperties: false,
      properties: {
        ...common,
        type: { const: 'ActionSet' },
        actions: { type: 'array', minItems: 1, items: { $ref: '#/definitions/Action' } },
      },
    },
    ColumnSet: {
      type: 'object',
      required: ['type', 'columns'],
      additionalProperties: false,
      properties: {
        ...common,
        type: { const: 'ColumnSet' },
        columns: { type: 'array', items: { $ref: '#/definitions/Column' } },
      },
    },
    Column: {
      type: 'object',
      required: ['type', 'items'],
      additionalProperties: false,
      properties: {
        ...common,
        type: { const: 'Column' },
        items: { type: 'array', items: { $ref: '#/definitions/Element' } },
        width: { anyOf: [{ enum: ['auto', 'stretch'] }, { type: 'number', minimum: 0 }, { type: 'string', pattern: '^[0-9]+px$' }] },
        verticalContentAlignment: { enum: ['Top', 'Center', 'Bottom'] },
      },
    },
    Container: {
      type: 'object',
      required: ['type', 'items'],
      additionalProperties: false,
      properties: {
        ...common,
        type: { const: 'Container' },
        items: { type: 'array', items: { $ref: '#/definitions/Element' } },
        selectAction: { $ref: '#/definitions/Action' },
        style: { enum: ['default', 'emphasis', 'good', 'attention', 'warning', 'accent'] },
      },
    },
    Action: {
      type: 'object',
      required: ['type'],
      properties: { type: { type: 'string' } },
      discriminator: { propertyName: 'type' },
      oneOf: [{ $ref: '#/definitions/Action.OpenUrl' }, { $ref: '#/definitions/Action.Submit' }],
    },
    'Action.OpenUrl': {
      type: 'object',
      required: ['type', 'title', 'url'],
      additionalProperties: false,
      properties: { ...actionCommon, type: { const: 'Action.OpenUrl' }, url: { type: 'string', format: 'uri', pattern: '^https://' } },
    },
    'Action.Submit': {
      type: 'object',
      required: ['type', 'title', 'data'],
      additionalProperties: false,
      properties: {
        ...actionCommon,
        type: { const: 'Action.Submit' },
        data: { type: ['object', 'string'] },
        associatedInputs: { enum: ['auto', 'none', 'Auto', 'None'] },
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, discriminator: true });
ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]+$/i);
const validateSubset = ajv.compile(ADAPTIVE_CARD_SUBSET_SCHEMA);

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '(card)'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/** Problems of a card against the 1.5 subset schema (empty when it validates). */
export function schemaProblems(card: unknown): string[] {
  return validateSubset(card) ? [] : describe(validateSubset.errors);
}

// ---- Web Chat's renderer library ----

interface AcEvent {
  readonly message: string;
}
interface AcSerializationContext {
  readonly eventCount: number;
  getEventAt(i: number): AcEvent;
}
interface AcCard {
  hostConfig: unknown;
  parse(json: unknown, context?: AcSerializationContext): void;
  validateProperties(): { readonly validationEvents: readonly AcEvent[] };
  toJSON(): unknown;
  getActionCount(): number;
  readonly version: { toString(): string };
}
interface AdaptiveCardsLib {
  readonly AdaptiveCard: new () => AcCard;
  readonly SerializationContext: new () => AcSerializationContext;
  readonly HostConfig: new (config: { actions: { maxActions: number } }) => unknown;
  readonly Versions: { readonly latest: { readonly major: number; readonly minor: number } };
}

/** adaptivecards as botframework-webchat resolves it (its own 3.x copy, not the 1.2 one botbuilder pulls in). */
function loadWebChatAdaptiveCards(): { lib: AdaptiveCardsLib; version: string } {
  const fromWebChat = createRequire(require.resolve('botframework-webchat'));
  const pkgPath = fromWebChat.resolve('adaptivecards/package.json');
  const pkg = fromWebChat(pkgPath) as { version: string };
  // The UMD bundle: the package's lib/ is ESM with extensionless imports, which Node cannot load.
  const lib = fromWebChat(join(dirname(pkgPath), 'dist', 'adaptivecards.js')) as AdaptiveCardsLib;
  return { lib, version: pkg.version };
}

export const webChatAdaptiveCards = loadWebChatAdaptiveCards();

/** Teams renders at most 6 top-level actions (Web Chat's host config allows 100): checked as Teams. */
export const TEAMS_MAX_ACTIONS = 6;

/**
 * Parse and validation messages of Web Chat's Adaptive Cards library for a card (empty when clean),
 * with the action limit of Teams.
 */
export function rendererProblems(card: unknown): string[] {
  const { lib } = webChatAdaptiveCards;
  const parsed = new lib.AdaptiveCard();
  parsed.hostConfig = new lib.HostConfig({ actions: { maxActions: TEAMS_MAX_ACTIONS } });
  const context = new lib.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const e of parsed.validateProperties().validationEvents) problems.push(`validate: ${e.message}`);
  return problems;
}

/** Every string anywhere in a JSON value (what a user or a probe could see). */
export function allStrings(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const n of node) allStrings(n, out);
  else if (node && typeof node === 'object') for (const v of Object.values(node)) allStrings(v, out);
  return out;
}

// ---- markdown-it, as Web Chat renders markdown ----

interface MarkdownIt {
  render(src: string): string;
  renderInline(src: string): string;
}

/** markdown-it as botframework-webchat resolves it, with HTML off (as Web Chat uses it). */
export function webChatMarkdown(): MarkdownIt {
  const fromWebChat = createRequire(require.resolve('botframework-webchat'));
  const Ctor = fromWebChat('markdown-it') as new (options: { html: boolean; linkify: boolean }) => MarkdownIt;
  return new Ctor({ html: false, linkify: true });
}
