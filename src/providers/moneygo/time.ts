/**
 * `data.expired_at` of a Money-Go checkout is a wall-clock time without a zone
 * (`"2021-02-25 13:20:32"`). Money-Go does not document the zone [UNCONFIRMED]; the adapter
 * assumes `expiresAtTimeZone` (default UTC) and converts with integer arithmetic (`Date.UTC`).
 */
import { ConfigurationError } from '../../core/errors';

/** The zone assumed for `expired_at` unless `expiresAtTimeZone` says otherwise. */
export const DEFAULT_EXPIRES_AT_TIME_ZONE = 'UTC';

const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

function offsetMinutes(text: string): number | undefined {
  if (text === 'UTC' || text === 'Z') return 0;
  const match = OFFSET.exec(text);
  if (!match) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  if (hours > 14 || minutes > 59) return undefined;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** `'UTC'` or a fixed offset (`'+03:00'`, `'-0530'`) → minutes east of UTC; anything else is a `ConfigurationError`. */
export function parseTimeZoneOffset(zone: string | undefined): number {
  const minutes = offsetMinutes(zone ?? DEFAULT_EXPIRES_AT_TIME_ZONE);
  if (minutes === undefined) {
    throw new ConfigurationError(
      `moneygo: expiresAtTimeZone must be 'UTC' or a fixed offset such as '+03:00', got ${JSON.stringify(zone)}.`,
      { provider: 'moneygo', code: 'invalid_setting' },
    );
  }
  return minutes;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads `expired_at` (`YYYY-MM-DD HH:MM:SS`) as a time in the zone `zone` (minutes east of UTC, or
 * `'UTC'`/`'+03:00'`); a zone written in the text itself wins. An unreadable or impossible value
 * gives `undefined` (the link stays usable; `raw` keeps the text).
 */
export function parseExpiredAt(text: string | undefined, zone: number | string = 0): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const match = DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0', written] = match;
  const offset =
    written !== undefined ? offsetMinutes(written) : typeof zone === 'number' ? zone : offsetMinutes(zone);
  if (offset === undefined) return undefined;
  const year = Number(y);
  const month = Number(mo) - 1;
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const wallClock = Date.UTC(year, month, day, hour, minute, second);
  const check = new Date(wallClock);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month || check.getUTCDate() !== day)
    return undefined;
  return new Date(wallClock - offset * 60_000);
}
