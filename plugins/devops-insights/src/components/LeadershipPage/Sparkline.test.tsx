import { render } from '@testing-library/react';
import { rollupTeam } from '../../__testUtils__/rollupFixtures';
import { Sparkline } from './Sparkline';

const weeks = (...deployments: number[]) =>
  deployments.map((n, i) => ({
    weekStart: new Date(Date.UTC(2026, 3, 6 + 7 * i)).toISOString(),
    deployments: n,
    leadTimeMedianSeconds: null,
  }));

describe('Sparkline', () => {
  it('draws dots, not a line, under three weeks', () => {
    const { container } = render(
      <Sparkline team={rollupTeam({ weekly: weeks(4, 9) })} />,
    );
    expect(container.querySelectorAll('circle')).toHaveLength(2);
    expect(container.querySelector('polyline')).toBeNull();
  });

  it('draws a line through three weeks or more', () => {
    const { container } = render(
      <Sparkline team={rollupTeam({ weekly: weeks(4, 9, 6) })} />,
    );
    expect(container.querySelector('polyline')).not.toBeNull();
    expect(container.querySelector('title')).toHaveTextContent(
      'Deployments per whole week: 4, 9, 6',
    );
  });
});
