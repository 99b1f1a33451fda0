import {
  emptyTeam,
  rollupTeam,
  rollupTeams,
} from '../../__testUtils__/rollupFixtures';
import { ROLLUP_COLUMNS } from './columns';
import { rollupToCsv } from './csv';
import { DEFAULT_SORT, visibleRows } from './visibleRows';

describe('rollupToCsv', () => {
  it('writes the columns shown, with the texts the cells show', () => {
    const csv = rollupToCsv(
      [rollupTeam(), emptyTeam()],
      ROLLUP_COLUMNS.filter(c =>
        ['team', 'services', 'toil', 'weekly'].includes(c.id),
      ),
    );
    expect(csv.split('\r\n')).toEqual([
      'Team,Services,Toil share,Weekly deployments',
      'Payments,4,30 % At risk,"Deployments per week: 10, 22, 0"',
      'Newbies,0,No data,No data',
      '',
    ]);
  });

  it('quotes quotes and defuses formulas in catalog titles', () => {
    const csv = rollupToCsv(
      [rollupTeam({ title: '=HYPERLINK("x")' })],
      ROLLUP_COLUMNS.slice(0, 1),
    );
    expect(csv.split('\r\n')[1]).toBe(`"'=HYPERLINK(""x"")"`);
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
    expect(titles(asc)).toEqual([
      'Payments API',
      'Platform',
      'Engineering',
      'Payments',
      'Checkout',
      'Newbies',
    ]);
    expect(titles(desc)).toEqual([
      'Checkout',
      'Engineering',
      'Payments',
      'Platform',
      'Payments API',
      'Newbies',
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
