import { InputError } from '@backstage/errors';
import { parseWindow } from './window';

const now = Date.UTC(2026, 0, 31);

describe('parseWindow', () => {
  it('defaults to the 30 days up to now', () => {
    expect(parseWindow({}, now)).toEqual({
      from: now - 30 * 24 * 3600 * 1000,
      to: now,
    });
  });

  it('accepts a window at the edges of the range', () => {
    expect(
      parseWindow({ from: '1970-01-01T00:00:00Z', to: '1970-02-01T00:00:00Z' }),
    ).toEqual({ from: 0, to: Date.UTC(1970, 1, 1) });
    expect(
      parseWindow({ from: '9998-12-01T00:00:00Z', to: '9999-01-01T00:00:00Z' })
        .to,
    ).toBe(Date.UTC(9999, 0, 1));
  });

  it.each([
    ['the earliest Date as from', { from: '-271821-04-20T00:00:00Z' }],
    ['the earliest Date as to', { to: '-271821-04-20T00:00:00Z' }],
    [
      'the latest Date',
      { from: '+275760-08-13T00:00:00Z', to: '+275760-09-13T00:00:00Z' },
    ],
    ['a to before 1970', { to: '1969-12-31T00:00:00Z' }],
    ['a default from before 1970', { to: '1970-01-05T00:00:00Z' }],
    [
      'a to after 9999-01-01',
      { from: '9999-06-01T00:00:00Z', to: '9999-06-02T00:00:00Z' },
    ],
    ['not a date', { from: 'yesterday' }],
    [
      'from after to',
      { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' },
    ],
    [
      'more than 2 years',
      { from: '2020-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
    ],
  ])('rejects %s with an InputError', (_, query) => {
    expect(() => parseWindow(query, now)).toThrow(InputError);
  });
});
