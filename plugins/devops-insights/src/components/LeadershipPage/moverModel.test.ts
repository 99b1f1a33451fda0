import { rollupTeams } from '../../__testUtils__/rollupFixtures';
import { moverText } from './Movers';
import { biggestMovers } from './moverModel';

describe('biggestMovers', () => {
  const movers = biggestMovers(rollupTeams());
  const titles = (list: { team: { title: string } }[]) =>
    list.map(m => m.team.title);

  it('puts a band jump before a larger relative change within a band', () => {
    // Payments: high → elite (+540 %); Platform: elite → elite (+25 %).
    // Engineering and Payments API did not move in deployment frequency.
    expect(titles(movers.deploymentFrequency.improved)).toEqual([
      'Payments',
      'Platform',
    ]);
  });

  it("leaves out a parent's summary row: its sub-teams move on their own", () => {
    // Engineering went from 0.35 / week to 3.2 / day, by its sub-teams.
    const all = Object.values(movers).flatMap(m => [
      ...m.improved,
      ...m.regressed,
    ]);
    expect(titles(all)).not.toContain('Engineering');
  });

  it('lists regressions by band change, and says what moved', () => {
    const [checkout] = movers.deploymentFrequency.regressed;
    expect(checkout.team.title).toBe('Checkout');
    expect(checkout.bandSteps).toBe(-2);
    expect(moverText(checkout)).toBe(
      'Checkout: 2 / day → 1.4 / week (Elite → Medium)',
    );
  });

  it('judges by the metric direction: a longer lead time is a regression', () => {
    expect(titles(movers.leadTimeForChanges.regressed)).toEqual([
      'Payments API',
    ]);
    expect(movers.leadTimeForChanges.improved).toEqual([]);
    expect(moverText(movers.leadTimeForChanges.regressed[0])).toBe(
      'Payments API: 1 d → 3 d',
    );
  });

  it('leaves out teams without data in either window, and keeps the top 3', () => {
    const all = Object.values(biggestMovers(rollupTeams(), 1)).flatMap(m => [
      ...m.improved,
      ...m.regressed,
    ]);
    expect(all.map(m => m.team.title)).not.toContain('Newbies');
    expect(
      biggestMovers(rollupTeams(), 1).deploymentFrequency.improved,
    ).toHaveLength(1);
  });
});
