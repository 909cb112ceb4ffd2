import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import {
  APP_PACKAGE_DIR,
  COMMAND_TITLE_MAX,
  TeamsPackageError,
  buildPackage,
  checkIcons,
  deriveTeamsAppId,
  fillManifest,
  localSchemaPath,
  main,
  placeholderWarnings,
  readPackageEnv,
  validateManifest,
  type JsonObject,
  type JsonValue,
} from '../../scripts/teams-package';
import { ACCENT_COLOR, renderColorIcon, renderOutlineIcon } from '../../scripts/teams-icons';

// strip-bom 5 (a dependency of @microsoft/app-manifest, used only when it reads manifest files) is
// ESM-only; Node 20 loads it natively but Jest's CommonJS runtime cannot. Same behaviour, CommonJS.
jest.mock('strip-bom', () => ({
  __esModule: true,
  default: (s: string): string => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s),
}));

const BOT_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const ENV = { MicrosoftAppId: BOT_ID, BOT_DOMAIN: 'bot.example.com' };
const SCOPES = ['personal', 'team', 'groupChat'];
const COMMANDS = ['help', 'retake microcredential', 'certification validity', 'exam results'];

function template(): JsonObject {
  return JSON.parse(fs.readFileSync(path.join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8')) as JsonObject;
}
function filled(env: Record<string, string | undefined> = ENV): JsonObject {
  return fillManifest(template(), readPackageEnv(env));
}
function obj(v: JsonValue | undefined): JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`not an object: ${JSON.stringify(v)}`);
  return v;
}
function arr(v: JsonValue | undefined): JsonValue[] {
  if (!Array.isArray(v)) throw new Error(`not an array: ${JSON.stringify(v)}`);
  return v;
}
function bot(m: JsonObject): JsonObject {
  return obj(arr(m.bots)[0]);
}
function readPng(file: string): PNG {
  return PNG.sync.read(fs.readFileSync(path.join(APP_PACKAGE_DIR, file)));
}
function tmpAppPackage(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teams-pkg-'));
  for (const f of ['manifest.json', 'color.png', 'outline.png']) {
    fs.copyFileSync(path.join(APP_PACKAGE_DIR, f), path.join(dir, f));
  }
  return dir;
}

// Validation must not touch the network: any fetch fails the test.
let fetchSpy: jest.SpyInstance;
beforeEach(() => {
  fetchSpy = jest.spyOn(globalThis, 'fetch').mockImplementation(() => {
    throw new Error('network is not allowed in these tests');
  });
});
afterEach(() => {
  expect(fetchSpy).not.toHaveBeenCalled();
  jest.restoreAllMocks();
});

describe('manifest template', () => {
  it('uses the newest Teams schema that @microsoft/app-manifest ships a local copy of', () => {
    const teamsDir = path.join(path.dirname(require.resolve('@microsoft/app-manifest')), 'json-schemas', 'teams');
    const versions = fs
      .readdirSync(teamsDir)
      .filter((d) => /^v\d+\.\d+$/.test(d))
      .map((d) => d.slice(1))
      .sort((a, b) => {
        const [am, an] = a.split('.').map(Number);
        const [bm, bn] = b.split('.').map(Number);
        return am - bm || an - bn;
      });
    const newest = versions[versions.length - 1];
    const t = template();
    expect(t.manifestVersion).toBe(newest);
    expect(t.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${newest}/MicrosoftTeams.schema.json`);
    expect(localSchemaPath(String(t.$schema))).toBe(path.join(teamsDir, `v${newest}`, 'MicrosoftTeams.schema.json'));
  });

  it('keeps placeholders for the ids and the domain, and example https URLs for the developer', () => {
    const t = template();
    expect(t.id).toBe('${{TEAMS_APP_ID}}');
    expect(bot(t).botId).toBe('${{BOT_ID}}');
    expect(t.validDomains).toEqual(['${{BOT_DOMAIN}}']);
    const dev = obj(t.developer);
    for (const k of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) expect(dev[k]).toMatch(/^https:\/\/example\.com\//);
  });

  it('describes the bot: names, scopes, flags, one command list per scope', () => {
    const t = template();
    expect(t.name).toEqual({ short: 'Cert Help Desk', full: 'AWS Certification Help Desk' });
    expect(t.accentColor).toBe(ACCENT_COLOR);
    const d = obj(t.description);
    expect(String(d.short).length).toBeLessThanOrEqual(80);
    expect(d.full).toMatch(/FAQ/);
    expect(d.full).toMatch(/retake/);
    expect(d.full).toMatch(/expire/);
    const b = bot(t);
    expect(b.scopes).toEqual(SCOPES);
    expect(b.supportsFiles).toBe(false);
    expect(b.isNotificationOnly).toBe(false);
    const lists = arr(b.commandLists).map(obj);
    expect(lists.map((l) => arr(l.scopes))).toEqual(SCOPES.map((s) => [s]));
    for (const l of lists) {
      const cmds = arr(l.commands).map(obj);
      expect(cmds.map((c) => c.title)).toEqual(COMMANDS);
      for (const c of cmds) {
        expect(String(c.title).length).toBeLessThanOrEqual(COMMAND_TITLE_MAX);
        expect(String(c.description).length).toBeGreaterThan(10);
      }
    }
  });
});

describe('fillManifest + validateManifest (offline, against the local schema)', () => {
  it('the filled manifest has zero schema errors', async () => {
    await expect(validateManifest(filled())).resolves.toEqual([]);
  });

  it('is also valid without BOT_DOMAIN (validDomains becomes empty)', async () => {
    const m = filled({ MicrosoftAppId: BOT_ID });
    expect(m.validDomains).toEqual([]);
    await expect(validateManifest(m)).resolves.toEqual([]);
  });

  it('fills the bot id, the derived app id, the version and the domain; does not change the template', () => {
    const t = template();
    const m = fillManifest(t, readPackageEnv(ENV));
    expect(bot(m).botId).toBe(BOT_ID);
    expect(m.id).toBe(deriveTeamsAppId(BOT_ID));
    expect(m.id).not.toBe(BOT_ID);
    expect(m.version).toBe('1.0.0');
    expect(m.validDomains).toEqual(['bot.example.com']);
    expect(bot(t).botId).toBe('${{BOT_ID}}');
    expect(JSON.stringify(m)).not.toContain('${{');
  });

  it('takes TEAMS_APP_ID, TEAMS_APP_VERSION and the developer URLs from env', async () => {
    const m = filled({
      ...ENV,
      TEAMS_APP_ID: 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE',
      TEAMS_APP_VERSION: '2.3.4',
      TEAMS_APP_WEBSITE: 'https://help.example.org/',
      TEAMS_APP_PRIVACY_URL: 'https://help.example.org/privacy',
      TEAMS_APP_TERMS_URL: 'https://help.example.org/terms',
      TEAMS_APP_DEVELOPER: 'Example Org',
    });
    expect(m.id).toBe('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(m.version).toBe('2.3.4');
    expect(m.developer).toEqual({
      name: 'Example Org',
      websiteUrl: 'https://help.example.org/',
      privacyUrl: 'https://help.example.org/privacy',
      termsOfUseUrl: 'https://help.example.org/terms',
    });
    await expect(validateManifest(m)).resolves.toEqual([]);
  });

  it('reports a missing bots[0].botId', async () => {
    const m = filled();
    delete bot(m).botId;
    const errors = await validateManifest(m);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\/bots\/0 must have required property 'botId'/);
  });

  it('reports a bad scope, a non-GUID bot id and a bad accent colour', async () => {
    const m = filled();
    bot(m).scopes = ['personal', 'channel'];
    bot(m).botId = 'not-a-guid';
    m.accentColor = 'orange';
    const errors = await validateManifest(m);
    expect(errors.some((e) => e.startsWith('/bots/0/scopes/1 must be equal to one of the allowed values'))).toBe(true);
    expect(errors.some((e) => e.startsWith('/bots/0/botId must match pattern'))).toBe(true);
    expect(errors.some((e) => e.startsWith('/accentColor must match pattern'))).toBe(true);
  });

  it('reports placeholders left unfilled (the raw template is not a valid package)', async () => {
    const errors = await validateManifest(template());
    expect(errors).toEqual(
      expect.arrayContaining([
        '/id still holds the placeholder ${{TEAMS_APP_ID}}',
        '/bots/0/botId still holds the placeholder ${{BOT_ID}}',
      ]),
    );
  });

  it('reports a command title longer than Teams allows (32)', async () => {
    const m = filled();
    const cmd = obj(arr(obj(arr(bot(m).commandLists)[0]).commands)[0]);
    cmd.title = 'x'.repeat(COMMAND_TITLE_MAX + 1);
    await expect(validateManifest(m)).resolves.toEqual([
      `/bots/0/commandLists/0/commands/0/title must be at most 32 characters ("${'x'.repeat(33)}")`,
    ]);
  });

  it('needs $schema, and one shipped locally', async () => {
    const m = filled();
    delete m.$schema;
    await expect(validateManifest(m)).resolves.toEqual(['/$schema is missing: the manifest must name its Teams schema']);
    m.$schema = 'https://example.com/schema.json';
    const errors = await validateManifest(m);
    expect(errors[0]).toMatch(/is not a Teams schema shipped with @microsoft\/app-manifest/);
  });
});

describe('environment', () => {
  it.each([
    [{}, /teams-package: MicrosoftAppId is required to build the Teams package/],
    [{ MicrosoftAppId: '   ' }, /teams-package: MicrosoftAppId is required to build the Teams package/],
    [{ MicrosoftAppId: 'my-bot' }, /teams-package: MicrosoftAppId must be a GUID such as 00000000-0000-0000-0000-000000000000, got "my-bot"/],
    [{ MicrosoftAppId: `${BOT_ID}x` }, /MicrosoftAppId must be a GUID/],
    [{ MicrosoftAppId: BOT_ID, BOT_DOMAIN: 'https://bot.example.com/api/messages' }, /BOT_DOMAIN must be a host name/],
    [{ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: '123' }, /TEAMS_APP_ID must be a GUID, got "123"/],
    [{ MicrosoftAppId: BOT_ID, TEAMS_APP_VERSION: 'v1' }, /TEAMS_APP_VERSION must be a version such as 1.0.0/],
    [{ MicrosoftAppId: BOT_ID, TEAMS_APP_WEBSITE: 'http://example.com' }, /TEAMS_APP_WEBSITE must be an https:\/\/ URL/],
  ])('rejects %j', (env, message) => {
    let caught: unknown;
    try {
      readPackageEnv(env);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TeamsPackageError);
    expect((caught as TeamsPackageError).name).toBe('TeamsPackageError');
    expect((caught as TeamsPackageError).message).toMatch(message);
  });

  it('treats blank optional values as absent and applies the defaults', () => {
    expect(readPackageEnv({ MicrosoftAppId: BOT_ID.toUpperCase(), BOT_DOMAIN: '', TEAMS_APP_VERSION: '' })).toEqual({
      botId: BOT_ID,
      teamsAppId: deriveTeamsAppId(BOT_ID),
      version: '1.0.0',
      botDomain: undefined,
      developerName: undefined,
      websiteUrl: undefined,
      privacyUrl: undefined,
      termsOfUseUrl: undefined,
    });
  });

  it('derives the Teams app id as a UUID v5 of the bot id (deterministic, case-insensitive)', () => {
    // Reference value computed independently: uuid.uuid5(UUID('6f3c2a1e-...'), '3f2504e0-...') in Python.
    expect(deriveTeamsAppId(BOT_ID)).toBe('9b63d33b-69af-54c3-b065-d7a10997ac4d');
    expect(deriveTeamsAppId(BOT_ID.toUpperCase())).toBe('9b63d33b-69af-54c3-b065-d7a10997ac4d');
    expect(deriveTeamsAppId('00000000-0000-0000-0000-000000000001')).not.toBe(deriveTeamsAppId(BOT_ID));
  });
});

describe('icons', () => {
  it('color.png is 192x192 and opaque, with the accent colour as background', () => {
    const png = readPng('color.png');
    expect([png.width, png.height]).toEqual([192, 192]);
    let notOpaque = 0;
    for (let i = 3; i < png.data.length; i += 4) if (png.data[i] !== 255) notOpaque++;
    expect(notOpaque).toBe(0);
    const hex = `#${[0, 1, 2].map((c) => png.data[c].toString(16).padStart(2, '0')).join('')}`.toUpperCase();
    expect(hex).toBe(ACCENT_COLOR.toUpperCase());
  });

  it('outline.png is 32x32, white only, on a transparent background', () => {
    const png = readPng('outline.png');
    expect([png.width, png.height]).toEqual([32, 32]);
    let transparent = 0;
    let opaque = 0;
    let notWhite = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const a = png.data[i + 3];
      if (a === 0) transparent++;
      else {
        if (png.data[i] !== 255 || png.data[i + 1] !== 255 || png.data[i + 2] !== 255) notWhite++;
        if (a === 255) opaque++;
      }
    }
    expect(notWhite).toBe(0);
    expect(transparent).toBeGreaterThan(32 * 32 * 0.3); // background
    expect(opaque).toBeGreaterThan(32 * 32 * 0.15); // the shape
    expect(png.data[3]).toBe(0); // a corner is transparent
  });

  it('the committed PNGs are what scripts/teams-icons.ts renders', () => {
    expect(readPng('color.png').data.equals(renderColorIcon().data)).toBe(true);
    expect(readPng('outline.png').data.equals(renderOutlineIcon().data)).toBe(true);
  });

  it('checkIcons accepts the committed icons and rejects swapped or coloured ones', () => {
    const color = fs.readFileSync(path.join(APP_PACKAGE_DIR, 'color.png'));
    const outline = fs.readFileSync(path.join(APP_PACKAGE_DIR, 'outline.png'));
    expect(checkIcons({ color, outline })).toEqual([]);
    expect(checkIcons({ color: outline, outline: color })).toEqual([
      'color.png must be 192x192 pixels, got 32x32',
      'outline.png must be 32x32 pixels, got 192x192',
      'outline.png must have a transparent background',
      expect.stringMatching(/^outline.png must be white only: \d+ visible pixels are not white$/),
    ]);
    const red = renderOutlineIcon();
    red.data[(16 * 32 + 16) * 4 + 1] = 0; // a pixel in the middle of the cap
    expect(checkIcons({ color, outline: PNG.sync.write(red) })).toEqual([
      'outline.png must be white only: 1 visible pixels are not white',
    ]);
    expect(checkIcons({ color: Buffer.from('nope'), outline })[0]).toMatch(/^color.png is not a readable PNG/);
  });
});

describe('buildPackage', () => {
  it('zips exactly manifest.json, color.png and outline.png at the root, with the bot id filled in', async () => {
    const zip = await JSZip.loadAsync(await buildPackage({ env: ENV }));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(Object.values(zip.files).some((f) => f.dir)).toBe(false);
    const manifestFile = zip.file('manifest.json');
    if (!manifestFile) throw new Error('manifest.json missing');
    const m = JSON.parse(await manifestFile.async('string')) as JsonObject;
    expect(bot(m).botId).toBe(BOT_ID);
    expect(m.id).toBe(deriveTeamsAppId(BOT_ID));
    expect(m.validDomains).toEqual(['bot.example.com']);
    await expect(validateManifest(m)).resolves.toEqual([]);
    for (const f of ['color.png', 'outline.png']) {
      const entry = zip.file(f);
      if (!entry) throw new Error(`${f} missing`);
      expect((await entry.async('nodebuffer')).equals(fs.readFileSync(path.join(APP_PACKAGE_DIR, f)))).toBe(true);
    }
  });

  it('gives the same bytes for the same inputs', async () => {
    const a = await buildPackage({ env: ENV });
    const b = await buildPackage({ env: ENV });
    expect(a.equals(b)).toBe(true);
  });

  it('rejects with the named error when MicrosoftAppId is missing or not a GUID', async () => {
    await expect(buildPackage({ env: {} })).rejects.toThrow(/MicrosoftAppId is required/);
    await expect(buildPackage({ env: { MicrosoftAppId: 'abc' } })).rejects.toThrow(
      new TeamsPackageError(['MicrosoftAppId must be a GUID such as 00000000-0000-0000-0000-000000000000, got "abc"']),
    );
  });

  it('rejects a template that breaks the schema, listing the errors', async () => {
    const dir = tmpAppPackage();
    try {
      const t = template();
      bot(t).scopes = ['personal', 'channel'];
      fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(t));
      const err: unknown = await buildPackage({ env: ENV, appPackageDir: dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TeamsPackageError);
      expect((err as TeamsPackageError).problems).toEqual([
        expect.stringMatching(/^\/bots\/0\/scopes\/1 must be equal to one of the allowed values/),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('main (the CLI)', () => {
  it('writes build/manifest.json and the zip, prints the zip path, returns 0', async () => {
    const dir = tmpAppPackage();
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await expect(main(ENV, dir)).resolves.toBe(0);
      const zipPath = path.join(dir, 'build', 'cert-helpdesk-teams.zip');
      expect(log).toHaveBeenCalledWith(zipPath);
      expect(fs.existsSync(zipPath)).toBe(true);
      const m = JSON.parse(fs.readFileSync(path.join(dir, 'build', 'manifest.json'), 'utf8')) as JsonObject;
      expect(bot(m).botId).toBe(BOT_ID);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('warns, one clear line per link, while the developer links are example.com placeholders (and still builds)', async () => {
    const dir = tmpAppPackage();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await expect(main(ENV, dir)).resolves.toBe(0);
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
        'teams-package: warning: /developer/websiteUrl is a placeholder link (https://example.com/cert-helpdesk): set TEAMS_APP_WEBSITE to your real page before publishing',
        'teams-package: warning: /developer/privacyUrl is a placeholder link (https://example.com/cert-helpdesk/privacy): set TEAMS_APP_PRIVACY_URL to your real page before publishing',
        'teams-package: warning: /developer/termsOfUseUrl is a placeholder link (https://example.com/cert-helpdesk/terms): set TEAMS_APP_TERMS_URL to your real page before publishing',
      ]);
      expect(fs.existsSync(path.join(dir, 'build', 'cert-helpdesk-teams.zip'))).toBe(true);
      // Real links: no warning.
      warn.mockClear();
      const real = {
        ...ENV,
        TEAMS_APP_WEBSITE: 'https://help.contoso.com/cert',
        TEAMS_APP_PRIVACY_URL: 'https://help.contoso.com/privacy',
        TEAMS_APP_TERMS_URL: 'https://help.contoso.com/terms',
      };
      await expect(main(real, dir)).resolves.toBe(0);
      expect(warn).not.toHaveBeenCalled();
      // Links anywhere in the manifest are checked; a bare host name (validDomains) is not a link.
      expect(placeholderWarnings({ validDomains: ['bot.example.com'], developer: { websiteUrl: 'https://www.example.org/x' } })).toEqual([
        '/developer/websiteUrl is a placeholder link (https://www.example.org/x): set TEAMS_APP_WEBSITE to your real page before publishing',
      ]);
    } finally {
      jest.restoreAllMocks();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints the problems and returns 1 when invalid (no zip)', async () => {
    const dir = tmpAppPackage();
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      fs.copyFileSync(path.join(dir, 'color.png'), path.join(dir, 'outline.png'));
      await expect(main(ENV, dir)).resolves.toBe(1);
      expect(err).toHaveBeenCalledWith('  - outline.png must be 32x32 pixels, got 192x192');
      expect(fs.existsSync(path.join(dir, 'build', 'manifest.json'))).toBe(true);
      expect(fs.existsSync(path.join(dir, 'build', 'cert-helpdesk-teams.zip'))).toBe(false);
      err.mockClear();
      await expect(main({}, dir)).resolves.toBe(1);
      expect(String(err.mock.calls[0]?.[0])).toMatch(/^teams-package: MicrosoftAppId is required/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
