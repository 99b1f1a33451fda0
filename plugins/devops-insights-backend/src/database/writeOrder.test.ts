import { byPrimaryKey, compareCodePoints } from './writeOrder';

describe('compareCodePoints', () => {
  it.each([
    ['a', 'b', -1],
    ['a', 'ab', -1],
    ['b', 'ab', 1],
    ['same', 'same', 0],
    ['Z', 'a', -1],
    // U+FF21 (a BMP unit above the surrogates) before U+1F600 (a pair).
    ['\uff21', '\u{1f600}', -1],
    ['\u{1f600}', '\uff21', 1],
    ['\u{1f600}', '\u{1f601}', -1],
  ])('%p against %p: %p', (a, b, sign) => {
    expect(Math.sign(compareCodePoints(a, b))).toBe(sign);
  });

  it('agrees with the byte order of UTF-8, which Postgres\' "C" collation uses', () => {
    const strings = ['b', 'a', '\uff21', '\u{1f600}', 'é', 'ab', '', 'A'];
    const byBytes = [...strings].sort((x, y) =>
      Buffer.compare(Buffer.from(x), Buffer.from(y)),
    );
    expect([...strings].sort(compareCodePoints)).toEqual(byBytes);
  });
});

describe('byPrimaryKey', () => {
  it('orders by source, then by external id', () => {
    const rows = [
      { source: 'b', external_id: '1' },
      { source: 'a', external_id: '2' },
      { source: 'a', external_id: '10' },
    ];
    expect(rows.sort(byPrimaryKey)).toEqual([
      { source: 'a', external_id: '10' },
      { source: 'a', external_id: '2' },
      { source: 'b', external_id: '1' },
    ]);
  });
});
