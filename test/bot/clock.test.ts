import { clockFromActivity, offsetZone } from '../../bot/clock';

const defaults = { timeZone: 'UTC', locale: 'en-US' };
const serverNow = () => new Date('2030-01-01T00:00:00Z');

describe('the turn clock', () => {
  it('takes now from localTimestamp, the zone from localTimezone and the locale from the activity', () => {
    const c = clockFromActivity(
      { localTimestamp: '2026-11-29T22:00:00-10:00', timestamp: '2026-11-30T08:00:00Z', localTimezone: 'Pacific/Honolulu', locale: 'en-GB' },
      defaults,
      serverNow,
    );
    expect(c.now.toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(c.timeZone).toBe('Pacific/Honolulu');
    expect(c.locale).toBe('en-GB');
  });

  it('falls back to timestamp, then the server clock', () => {
    expect(clockFromActivity({ timestamp: '2026-11-29T10:00:00Z' }, defaults, serverNow).now.toISOString()).toBe('2026-11-29T10:00:00.000Z');
    expect(clockFromActivity({}, defaults, serverNow).now.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(clockFromActivity({ timestamp: 'garbage' }, defaults, serverNow).now.toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });

  it('does not believe a client clock decades away from the server\'s', () => {
    expect(clockFromActivity({ localTimestamp: '0001-01-01T00:00:00Z', timestamp: '2029-12-31T10:00:00Z' }, defaults, serverNow).now.toISOString()).toBe('2029-12-31T10:00:00.000Z');
    expect(clockFromActivity({ localTimestamp: '0001-01-01T00:00:00Z' }, defaults, serverNow).now.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(clockFromActivity({ timestamp: '9999-12-31T00:00:00Z' }, defaults, serverNow).now.toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });

  it('derives the zone from the localTimestamp offset when localTimezone is missing or invalid', () => {
    expect(clockFromActivity({ localTimestamp: '2026-11-29T10:00:00-05:00' }, defaults, serverNow).timeZone).toBe('Etc/GMT+5');
    expect(clockFromActivity({ localTimestamp: '2026-11-29T10:00:00+09:00', localTimezone: 'Not/AZone' }, defaults, serverNow).timeZone).toBe('Etc/GMT-9');
    expect(clockFromActivity({ localTimestamp: '2026-11-29T10:00:00Z' }, defaults, serverNow).timeZone).toBe('UTC');
  });

  it('maps offsets to Etc zones, and rejects what Intl cannot represent', () => {
    expect(offsetZone('2026-01-01T00:00:00+00:00')).toBe('Etc/UTC');
    expect(offsetZone('2026-01-01T00:00:00+05:30')).toBeUndefined();
    expect(offsetZone('2026-01-01T00:00:00')).toBeUndefined();
  });

  it('ignores a malformed locale', () => {
    expect(clockFromActivity({ locale: '<script>' }, defaults, serverNow).locale).toBe('en-US');
  });
});
