import {
  changeFailureRateBand,
  DEFAULT_DORA_BENCHMARKS as B,
  deploymentFrequencyBand,
  leadTimeBand,
  timeToRestoreBand,
} from './bands';

const H = 3600;
const D = 24 * H;

describe('bands at their boundaries', () => {
  it.each([
    [30, 30, 'elite'], // 1/day exactly
    [29, 30, 'high'],
    [1, 7, 'high'], // 1/week exactly
    [4, 30, 'medium'], // 4 in 30 days is below 1/week
    [1, 30, 'medium'], // 1/30 days exactly
    [0, 30, 'low'],
    [2, 90, 'low'],
  ] as const)('%i deployments in %i days → %s', (n, days, band) => {
    expect(deploymentFrequencyBand(n, days, B)).toBe(band);
  });

  it.each([
    [H - 1, 'elite'],
    [H, 'high'],
    [7 * D - 1, 'high'],
    [7 * D, 'medium'],
    [180 * D - 1, 'medium'],
    [180 * D, 'low'],
    [null, null],
  ] as const)('lead time %p s → %p', (s, band) => {
    expect(leadTimeBand(s, B)).toBe(band);
  });

  it.each([
    [0.0499, 'elite'],
    [0.05, 'high'],
    [0.15, 'high'],
    [0.1501, 'medium'],
    [0.3, 'medium'],
    [0.3001, 'low'],
    [null, null],
  ] as const)('change failure rate %p → %p', (r, band) => {
    expect(changeFailureRateBand(r, B)).toBe(band);
  });

  it.each([
    [H - 1, 'elite'],
    [H, 'high'],
    [D, 'medium'],
    [7 * D, 'low'],
    [null, null],
  ] as const)('time to restore %p s → %p', (s, band) => {
    expect(timeToRestoreBand(s, B)).toBe(band);
  });
});
