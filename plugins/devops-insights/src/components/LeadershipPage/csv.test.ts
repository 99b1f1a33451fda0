import {
  emptyTeam,
  rollupTeam,
  rollupTeams,
} from '../../__testUtils__/rollupFixtures';
import { ROLLUP_COLUMNS } from './columns';
import { rollupToCsv } from './csv';
import { DEFAULT_SORT, depthsOf, visibleRows } from './visibleRows';

describe('rollupToCsv', () => {
  it('exports numbers in fixed units, band and change in their own columns', () => {
    const lines = rollupToCsv([rollupTeam(), emptyTeam()]).split('\r\n');
    const [header, payments, newbies] = lines.map(line => line.split(','));
    const field = (row: string[], title: string) => row[header.indexOf(title)];
    expect(header.slice(0, 5)).toEqual([
      'Team',
      'Group ref',
      'Parent group ref',
      'Row',
      'Services',
    ]);
    // Seconds, per day, ratios 0–1 and per 12 h; never "4 h 12 m High ▬".
    expect(field(payments, 'Lead time for changes (seconds)')).toBe('15120');
    expect(field(payments, 'Lead time for changes band')).toBe('high');
    expect(field(payments, 'Deployment frequency (per day)')).toBe('3.2');
    expect(field(payments, 'Change failure rate (ratio 0-1)')).toBe('0.048');
    expect(field(payments, 'Toil share (ratio 0-1)')).toBe('0.3');
    expect(field(payments, 'Toil status')).toBe('at-risk');
    expect(field(payments, 'Pages per 12 h of level-1 on-call')).toBe('1.5');
    expect(field(payments, 'Deployments per whole week (oldest first)')).toBe(
      '10 22 0',
    );
    // No data is an empty field, not a 0 or a word.
    expect(field(newbies, 'Deployment frequency (per day)')).toBe('');
    expect(field(newbies, 'Toil share (ratio 0-1)')).toBe('');
    expect(lines.join('\n')).not.toMatch(/[▲▼▬]| \/ day|better|worse/);
  });

  it('writes the change against the previous window as a signed number', () => {
    const team = rollupTeams().find(t => t.title === 'Checkout')!;
    const [header, row] = rollupToCsv([team])
      .split('\r\n')
      .map(line => line.split(','));
    const field = (title: string) => row[header.indexOf(title)];
    expect(field('Deployment frequency previous window (per day)')).toBe('2');
    expect(field('Deployment frequency (per day)')).toBe('0.2');
    expect(field('Deployment frequency change (per day)')).toBe('-1.8');
    expect(field('Deployment frequency judgement')).toBe('worse');
    expect(field('Deployment frequency band')).toBe('medium');
  });

  it('quotes quotes and defuses formulas in catalog titles', () => {
    const csv = rollupToCsv([rollupTeam({ title: '=HYPERLINK("x")' })]);
    expect(csv.split('\r\n')[1]).toMatch(/^"'=HYPERLINK\(""x""\)",/);
  });
});

describe('visibleRows', () => {
  const teams = rollupTeams();
  const titles = (rows: { title: string }[]) => rows.map(r => r.title);

  it('sorts nulls last in both directions', () => {
    const asc = visibleRows(
      teams,
      ROLLUP_COLUMNS,
      { columnId: 'pagesPer12h', direction: 'asc' },
      '',
    );
    const desc = visibleRows(
      teams,
      ROLLUP_COLUMNS,
      { columnId: 'pagesPer12h', direction: 'desc' },
      '',
    );
    // Siblings sorted, each parent's sub-teams right under it.
    expect(titles(asc)).toEqual([
      'Platform',
      'Engineering',
      'Payments',
      'Payments API',
      'Checkout',
      'Newbies',
    ]);
    expect(titles(desc)).toEqual([
      'Engineering',
      'Checkout',
      'Payments',
      'Payments API',
      'Newbies',
      'Platform',
    ]);
  });

  it('indents sub-teams under the listed parent', () => {
    expect([...depthsOf(teams)]).toEqual([
      ['group:default/engineering', 0],
      ['group:default/payments', 1],
      ['group:default/payments-api', 2],
      ['group:default/checkout', 1],
      ['group:default/newbies', 1],
      ['group:default/platform', 0],
    ]);
  });

  it('searches every shown text of a row', () => {
    expect(
      titles(visibleRows(teams, ROLLUP_COLUMNS, DEFAULT_SORT, 'over cap')),
    ).toEqual(['Checkout']);
    expect(
      titles(visibleRows(teams, ROLLUP_COLUMNS, DEFAULT_SORT, 'PAYM')),
    ).toEqual(['Payments', 'Payments API']);
  });
});
