/**
 * The Slack app manifest (appPackage/slack/manifest.json) holds what the Azure Bot Service Slack channel
 * needs ("Connect a bot to Slack", Microsoft Learn): the OAuth redirect to slack.botframework.com, the six
 * bot events at https://slack.botframework.com/api/Events/{bot handle}, interactivity at .../api/Actions,
 * and every scope those events and our replies need. docs/slack.md walks through it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const FILE = path.resolve(__dirname, '..', '..', 'appPackage', 'slack', 'manifest.json');

const Manifest = z.object({
  _metadata: z.object({ major_version: z.literal(1) }),
  display_information: z.object({ name: z.string().min(1).max(35), description: z.string().max(140), background_color: z.string().regex(/^#[0-9a-f]{6}$/i) }),
  features: z.object({
    app_home: z.object({ messages_tab_enabled: z.boolean(), messages_tab_read_only_enabled: z.boolean() }),
    bot_user: z.object({ display_name: z.string().min(1).max(80), always_online: z.boolean() }),
  }),
  oauth_config: z.object({ redirect_urls: z.array(z.string()), scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    event_subscriptions: z.object({ request_url: z.string(), bot_events: z.array(z.string()) }),
    interactivity: z.object({ is_enabled: z.boolean(), request_url: z.string() }),
    socket_mode_enabled: z.literal(false),
  }),
});

/** Slack's scope requirement of each event (api.slack.com/events). */
const EVENT_SCOPES: Record<string, string[]> = {
  member_joined_channel: ['channels:read', 'groups:read'],
  member_left_channel: ['channels:read', 'groups:read'],
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  'message.im': ['im:history'],
  'message.mpim': ['mpim:history'],
};

const manifest = Manifest.parse(JSON.parse(readFileSync(FILE, 'utf8')));

describe('Slack app manifest', () => {
  it('points Slack at the Bot Service Slack channel: redirect, events (with the bot handle to fill in), actions', () => {
    expect(manifest.oauth_config.redirect_urls).toEqual(['https://slack.botframework.com/']);
    expect(manifest.settings.event_subscriptions.request_url).toBe('https://slack.botframework.com/api/Events/YOUR_AZURE_BOT_HANDLE');
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://slack.botframework.com/api/Actions' });
  });

  it("subscribes to the six bot events Microsoft's guide lists, and holds every scope they need", () => {
    const events = manifest.settings.event_subscriptions.bot_events;
    expect([...events].sort()).toEqual(Object.keys(EVENT_SCOPES).sort());
    const scopes = new Set(manifest.oauth_config.scopes.bot);
    for (const e of events) for (const s of EVENT_SCOPES[e]!) expect(scopes).toContain(s);
    // Replying, mentions, direct messages and user names (the channel's V2 scopes).
    for (const s of ['chat:write', 'app_mentions:read', 'im:read', 'im:write', 'users:read']) expect(scopes).toContain(s);
    expect(new Set(manifest.oauth_config.scopes.bot).size).toBe(manifest.oauth_config.scopes.bot.length);
  });

  it('lets people message the bot from its Messages tab', () => {
    expect(manifest.features.app_home).toMatchObject({ messages_tab_enabled: true, messages_tab_read_only_enabled: false });
  });

  it('docs/slack.md names the same URLs and scopes', () => {
    const guide = readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'slack.md'), 'utf8');
    for (const url of ['https://slack.botframework.com/api/Events/', 'https://slack.botframework.com/api/Actions', 'https://slack.botframework.com/']) expect(guide).toContain(url);
    expect(guide).toContain('appPackage/slack/manifest.json');
  });
});
