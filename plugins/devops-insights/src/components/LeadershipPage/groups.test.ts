import { rollupTeams } from '../../__testUtils__/rollupFixtures';
import { groupOptions, rememberGroups } from './groups';

describe('groupOptions', () => {
  it('offers the groups that have sub-teams, as a tree', () => {
    const known = rememberGroups(new Map(), rollupTeams());
    expect(groupOptions(known, null)).toEqual([
      { groupRef: 'group:default/engineering', title: 'Engineering', depth: 0 },
      { groupRef: 'group:default/payments', title: 'Payments', depth: 1 },
    ]);
  });

  it('keeps the filtered-to group even before its title is known', () => {
    const known = rememberGroups(
      new Map(),
      rollupTeams().filter(t => t.parentRef === 'group:default/engineering'),
    );
    expect(groupOptions(known, 'group:default/engineering')[0]).toEqual({
      groupRef: 'group:default/engineering',
      title: 'engineering',
      depth: 0,
    });
  });
});
