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
});
