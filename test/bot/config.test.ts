import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../bot/config';

describe('config', () => {
  it('defaults to anonymous local mode on port 3978', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3978);
    expect(typeof c.port).toBe('number');
    expect(c.auth.anonymous).toBe(true);
    expect(c.limits.maxBodyBytes).toBe(256 * 1024);
    expect(c.defaults).toEqual({ timeZone: 'UTC', locale: 'en-US' });
  });

  it('treats empty strings as unset', () => {
    const c = loadConfig({ MicrosoftAppId: '', MicrosoftAppPassword: '', PORT: '' });
    expect(c.auth.anonymous).toBe(true);
    expect(c.port).toBe(3978);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DEFAULT_TIMEZONE: 'Mars/Olympus' }, 'DEFAULT_TIMEZONE: not a known IANA time zone'],
    [{ MicrosoftAppType: 'Anything' }, 'MicrosoftAppType'],
    [{ SUPPORT_URL: 'not a url' }, 'SUPPORT_URL'],
    [{ LOG_USER_TEXT: 'maybe' }, 'LOG_USER_TEXT'],
    [{ MicrosoftAppId: '00000000-0000-0000-0000-000000000001' }, 'MicrosoftAppPassword: required when MicrosoftAppId is set'],
    [{ NODE_ENV: 'production' }, 'MicrosoftAppId: required when NODE_ENV=production'],
    [{ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', MicrosoftAppType: 'SingleTenant' }, 'MicrosoftAppTenantId: required when MicrosoftAppType is SingleTenant'],
    [{ MicrosoftAppId: 'app', MicrosoftAppType: 'UserAssignedMSI' }, 'MicrosoftAppTenantId: required when MicrosoftAppType is UserAssignedMSI'],
  ])('rejects %j naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('lets production run anonymous only with ALLOW_ANONYMOUS=true', () => {
    expect(loadConfig({ NODE_ENV: 'production', ALLOW_ANONYMOUS: 'true' }).auth.anonymous).toBe(true);
  });

  it('reads credentials', () => {
    const c = loadConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 't' });
    expect(c.auth).toMatchObject({ appId: 'app', appPassword: 'pw', appType: 'SingleTenant', tenantId: 't', anonymous: false });
  });

  it.each([
    // [MicrosoftAppType, MicrosoftAppTenantId, the app type used]
    [undefined, 'tenant-1', 'SingleTenant'], // a new (single-tenant) registration that names only its tenant
    [undefined, undefined, 'MultiTenant'], // an older multi-tenant registration: unchanged
    ['', 'tenant-1', 'SingleTenant'],
    ['MultiTenant', 'tenant-1', 'MultiTenant'], // an explicit type always wins
    ['SingleTenant', 'tenant-1', 'SingleTenant'],
  ])('MicrosoftAppType %j with tenant id %j -> %s', (type, tenant, expected) => {
    const env: Record<string, string> = { MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw' };
    if (type !== undefined) env.MicrosoftAppType = type;
    if (tenant !== undefined) env.MicrosoftAppTenantId = tenant;
    expect(loadConfig(env).auth.appType).toBe(expected);
  });

  it('.env.example names SingleTenant, as appPackage/README.md does for new bots', () => {
    const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
    expect(example).toMatch(/^MicrosoftAppType=SingleTenant$/m);
    expect(readFileSync(join(__dirname, '..', '..', 'appPackage', 'README.md'), 'utf8')).toContain('MicrosoftAppType=SingleTenant');
  });
});
