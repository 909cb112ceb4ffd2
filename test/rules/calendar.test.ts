import {
  addBusinessDays,
  addCalendar,
  addDays,
  addMonths,
  addYears,
  ageOn,
  diffDays,
  localDateTime,
  parseIso,
  weekday,
  zonedInstant,
  zoneOffsetMinutes,
} from '../../rules/calendar';

describe('calendar: days, months, years', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-10-31', -1, '2026-09-30'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-01-15', -1, '2025-12-15'],
    ['2026-04-10', 9, '2027-01-10'],
    ['2026-04-10', 12, '2027-04-10'],
    ['2026-08-31', 6, '2027-02-28'],
  ])('%s + %i months = %s (clamped to the month end)', (from, n, want) => {
    expect(addMonths(from, n)).toBe(want);
  });

  it.each([
    ['2028-02-29', 'months', 12, '2029-02-28'],
    ['2028-02-29', 'years', 1, '2029-02-28'],
    ['2028-02-29', 'years', 3, '2031-02-28'],
    ['2028-02-29', 'years', 4, '2032-02-29'],
    ['2025-02-14', 'years', 3, '2028-02-14'],
    ['2026-12-31', 'days', 1, '2027-01-01'],
    ['2028-02-28', 'days', 1, '2028-02-29'],
    ['2026-10-01', 'days', 25, '2026-10-26'],
    ['2026-11-25', 'weeks', 2, '2026-12-09'],
  ] as const)('%s + %s %i = %s', (from, unit, n, want) => {
    expect(addCalendar(from, n, unit)).toBe(want);
  });

  it('addYears is 12 months', () => {
    expect(addYears('2024-02-29', 2)).toBe('2026-02-28');
  });

  it('diffDays and weekday', () => {
    expect(diffDays('2026-11-29', '2026-12-24')).toBe(25);
    expect(diffDays('2026-12-24', '2026-11-29')).toBe(-25);
    expect(weekday('2026-11-29')).toBe(0); // Sunday
    expect(weekday('2026-11-25')).toBe(3); // Wednesday
    expect(weekday('2028-02-29')).toBe(2); // Tuesday
  });

  it('parseIso rejects impossible dates', () => {
    expect(parseIso('2026-02-29')).toBeUndefined();
    expect(parseIso('2026-04-31')).toBeUndefined();
    expect(parseIso('2026-13-01')).toBeUndefined();
    expect(parseIso('2028-02-29')).toEqual({ y: 2028, m: 2, d: 29 });
  });

  it.each([
    ['2011-05-05', '2026-11-29', 15],
    ['2008-11-29', '2026-11-29', 18],
    ['2008-11-30', '2026-11-29', 17],
    ['2012-02-29', '2025-02-28', 12],
    ['2012-02-29', '2025-03-01', 13],
  ])('age of someone born %s on %s is %i', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });
});

describe('calendar: business days (Monday to Friday)', () => {
  it.each([
    ['2026-11-27', 5, '2026-12-04'], // Friday -> next Friday
    ['2026-11-25', 5, '2026-12-02'], // Wednesday -> next Wednesday
    ['2026-11-28', 1, '2026-11-30'], // Saturday -> Monday
    ['2026-11-29', 5, '2026-12-04'], // Sunday -> Friday
    ['2026-11-30', 5, '2026-12-07'], // Monday -> next Monday
    ['2026-12-04', -1, '2026-12-03'],
    ['2026-11-30', -1, '2026-11-27'], // Monday - 1 -> Friday
    ['2026-11-25', 0, '2026-11-25'],
  ])('%s + %i business days = %s', (from, n, want) => {
    expect(addBusinessDays(from, n)).toBe(want);
  });
});

describe('calendar: zones and wall clock', () => {
  it('reads the local date where it differs from UTC', () => {
    // 23:30 in Los Angeles is already the next day in UTC.
    expect(localDateTime(new Date('2026-11-29T23:30:00-08:00'), 'America/Los_Angeles')).toEqual({ date: '2026-11-29', time: '23:30', offsetMinutes: -480 });
    // 06:00 in Tokyo is still the previous day in UTC.
    expect(localDateTime(new Date('2026-11-30T06:00:00+09:00'), 'Asia/Tokyo')).toEqual({ date: '2026-11-30', time: '06:00', offsetMinutes: 540 });
    expect(localDateTime(new Date('2026-11-29T22:00:00-10:00'), 'Pacific/Honolulu').date).toBe('2026-11-29');
  });

  it('handles fixed offsets and unknown zones without throwing', () => {
    expect(zoneOffsetMinutes(new Date('2026-11-29T00:00:00Z'), '+09:00')).toBe(540);
    expect(zoneOffsetMinutes(new Date('2026-11-29T00:00:00Z'), '-05:30')).toBe(-330);
    expect(zoneOffsetMinutes(new Date('2026-11-29T00:00:00Z'), 'UTC')).toBe(0);
    expect(zoneOffsetMinutes(new Date('2026-11-29T00:00:00Z'), 'Not/AZone')).toBe(0);
    expect(localDateTime(new Date('2026-11-29T20:00:00Z'), '+09:00').date).toBe('2026-11-30');
  });

  it('reads every zone offset as Intl formatToParts gives it: DST edges, odd offsets, far years', () => {
    // The reference: the offset from formatToParts, the reading zoneOffsetMinutes used to make for every call.
    const reference = (instant: Date, timeZone: string): number => {
      const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
      const p: Record<string, number> = {};
      for (const x of f.formatToParts(instant)) if (x.type !== 'literal') p[x.type] = Number(x.value);
      return Math.round((Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!) - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
    };
    const zones = ['America/New_York', 'Europe/London', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns', 'Africa/Monrovia', 'Europe/Amsterdam', 'UTC'];
    const instants = [
      ...['2026-03-08T06:59:59Z', '2026-03-08T07:00:00Z', '2026-11-01T05:59:59Z', '2026-11-01T06:00:00Z', '2026-03-29T01:00:00Z', '2026-10-04T15:00:00Z'].map((s) => new Date(s)),
      // Local mean time and odd historical offsets (seconds in the offset), years 1 to 9999 and beyond.
      ...[1, 99, 999, 1000, 1883, 1900, 1937, 1970, 2038, 9999, 10000, 275000].map((y) => new Date(Date.UTC(y, 5, 15, 12, 34, 56))),
      ...Array.from({ length: 60 }, (_, i) => new Date(Date.UTC(1950 + i * 2, i % 12, 1 + (i % 28), i % 24, (i * 7) % 60, (i * 13) % 60))),
    ];
    for (const zone of zones) for (const at of instants) expect([zone, at.toISOString(), zoneOffsetMinutes(at, zone)]).toEqual([zone, at.toISOString(), reference(at, zone)]);
  });

  it('New York offsets on both sides of the November 1 DST end', () => {
    expect(zoneOffsetMinutes(new Date('2026-10-31T12:00:00Z'), 'America/New_York')).toBe(-240);
    expect(zoneOffsetMinutes(new Date('2026-11-02T12:00:00Z'), 'America/New_York')).toBe(-300);
  });

  it('zonedInstant maps local wall time to the right instant across DST', () => {
    expect(zonedInstant('2026-11-02', '09:00', 'America/New_York').toISOString()).toBe('2026-11-02T14:00:00.000Z');
    expect(zonedInstant('2026-10-31', '09:00', 'America/New_York').toISOString()).toBe('2026-10-31T13:00:00.000Z');
    // The repeated hour on Nov 1 resolves to its first occurrence (EDT).
    expect(zonedInstant('2026-11-01', '01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    // The skipped hour on Mar 8, 2026 is read with the offset before the change.
    expect(zonedInstant('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('addDays across years and centuries', () => {
    expect(addDays('1999-12-31', 1)).toBe('2000-01-01');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('0050-03-01', -1)).toBe('0050-02-28');
  });
});
