import { earliestTime, isOlderVersion } from './ordering';

const at = (hhmm: string) => `2026-01-05T${hhmm}:00.000Z`;

describe('isOlderVersion', () => {
  it.each([
    ['strictly older loses', at('10:00'), at('09:59'), true],
    ['newer replaces', at('10:00'), at('10:01'), false],
    [
      'an equal time replaces (the later delivery wins)',
      at('10:00'),
      at('10:00'),
      false,
    ],
    ['no stored time: replaces', null, at('09:00'), false],
    [
      'no incoming time: replaces, as before updatedAt',
      at('10:00'),
      undefined,
      false,
    ],
    ['neither: replaces', undefined, null, false],
    [
      'instants, not text: an offset is compared as the same instant',
      '2026-01-05T11:00:00+01:00',
      at('09:59'),
      true,
    ],
    [
      'epoch milliseconds as stored',
      Date.parse(at('10:00')),
      Date.parse(at('09:00')),
      true,
    ],
  ])('%s', (_rule, stored, incoming, older) => {
    expect(isOlderVersion(stored, incoming)).toBe(older);
  });
});

describe('earliestTime', () => {
  it.each([
    ['the earlier of two', at('10:05'), at('10:20'), Date.parse(at('10:05'))],
    ['in either order', at('10:20'), at('10:05'), Date.parse(at('10:05'))],
    ['a known one over none', null, at('10:20'), Date.parse(at('10:20'))],
    ['none kept as none', undefined, null, null],
  ])('%s', (_rule, a, b, earliest) => {
    expect(earliestTime(a, b)).toBe(earliest);
  });
});
