import { DEFAULT_EXPIRES_AT_TIME_ZONE } from 'paybridge/moneygo';
import { describe, expect, it } from 'vitest';
import { parseExpiredAt, parseTimeZoneOffset } from '../../../src/providers/moneygo/time';

describe('expired_at', () => {
  it('defaults to UTC', () => {
    expect(DEFAULT_EXPIRES_AT_TIME_ZONE).toBe('UTC');
    expect(parseExpiredAt('2021-02-25 13:20:32')?.toISOString()).toBe('2021-02-25T13:20:32.000Z');
  });

  it.each([
    ['+03:00', '2021-02-25T10:20:32.000Z'],
    ['-0530', '2021-02-25T18:50:32.000Z'],
    ['UTC', '2021-02-25T13:20:32.000Z'],
  ])('reads the wall-clock time in %s', (zone, iso) => {
    expect(parseExpiredAt('2021-02-25 13:20:32', zone)?.toISOString()).toBe(iso);
    expect(parseExpiredAt('2021-02-25 13:20:32', parseTimeZoneOffset(zone))?.toISOString()).toBe(iso);
  });

  it('a zone written in the text wins; a date across midnight and a leap day work', () => {
    expect(parseExpiredAt('2021-02-25T13:20:32Z', '+03:00')?.toISOString()).toBe('2021-02-25T13:20:32.000Z');
    expect(parseExpiredAt('2021-02-25 13:20:32+01:00', 0)?.toISOString()).toBe('2021-02-25T12:20:32.000Z');
    expect(parseExpiredAt('2024-03-01 01:00:00', '+03:00')?.toISOString()).toBe('2024-02-29T22:00:00.000Z');
    expect(parseExpiredAt('2021-02-25 13:20', 0)?.toISOString()).toBe('2021-02-25T13:20:00.000Z');
  });

  it.each([
    '',
    'tomorrow',
    '2021-02-30 10:00:00',
    '2021-13-01 10:00:00',
    '2021-02-25 24:00:00',
    '0099-01-01 00:00:00',
  ])('gives undefined for %j', (text) => {
    expect(parseExpiredAt(text, 0)).toBeUndefined();
  });

  it('refuses a zone name or a malformed offset', () => {
    for (const zone of ['Europe/Moscow', '+3', '+15:00', '+03:60', 'utc']) {
      expect(() => parseTimeZoneOffset(zone)).toThrow(expect.objectContaining({ code: 'invalid_setting' }));
    }
    expect(parseExpiredAt('2021-02-25 13:20:32', 'nowhere')).toBeUndefined();
  });
});
