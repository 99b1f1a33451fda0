import { ConfigReader } from '@backstage/config';
import { DEFAULT_WEBHOOK_DELIVERY_RETENTION_MS, readSettings } from './config';

const retention = (value: object | undefined) =>
  readSettings(new ConfigReader({ devopsInsights: { retention: value } }))
    .retention;

describe('retention settings', () => {
  it('keeps webhook deliveries 7 days and events for ever by default', () => {
    expect(retention(undefined)).toEqual({
      webhookDeliveriesMs: DEFAULT_WEBHOOK_DELIVERY_RETENTION_MS,
      eventsMs: null,
    });
    expect(DEFAULT_WEBHOOK_DELIVERY_RETENTION_MS).toBe(7 * 24 * 3600 * 1000);
  });

  it('reads durations as objects, ISO and ms strings', () => {
    expect(
      retention({ webhookDeliveries: 'P3D', events: { days: 400 } }),
    ).toEqual({
      webhookDeliveriesMs: 3 * 24 * 3600 * 1000,
      eventsMs: 400 * 24 * 3600 * 1000,
    });
    expect(retention({ events: '2 days' }).eventsMs).toBe(2 * 24 * 3600 * 1000);
  });

  it('refuses a zero retention, which would delete everything', () => {
    expect(() => retention({ events: 'PT0S' })).toThrow(
      'devopsInsights.retention.events must be a positive duration',
    );
  });
});

describe('devopsInsights.factsCache.maxMegabytes', () => {
  const budget = (value?: unknown) =>
    readSettings(
      new ConfigReader({
        devopsInsights:
          value === undefined ? {} : { factsCache: { maxMegabytes: value } },
      }),
    ).factsCacheBytes;

  it('is 200 MB by default and read in megabytes', () => {
    expect(budget()).toBe(200 * 1024 * 1024);
    expect(budget(64)).toBe(64 * 1024 * 1024);
  });

  it('refuses a budget that holds nothing', () => {
    expect(() => budget(0)).toThrow(/factsCache.maxMegabytes/);
  });
});

describe('goal defaults', () => {
  const goals = (defaults: object) =>
    readSettings(new ConfigReader({ devopsInsights: { goals: { defaults } } }))
      .goals.defaults;

  it('reads each as an annotation is read, in the API units', () => {
    expect(
      goals({ leadTime: '1d', changeFailureRate: '15%', pagesPer12h: 2 }),
    ).toEqual({ leadTime: 86400, changeFailureRate: 0.15, pagesPer12h: 2 });
    expect(goals({})).toEqual({});
  });

  it.each([
    [{ leadTime: 'soon' }, /goals\.defaults\.leadTime: 'soon' is not a goal/],
    [{ uptime: '99%' }, /goals\.defaults\.uptime is not a goal metric/],
  ])('refuses %p at start, naming the key', (defaults, message) => {
    expect(() => goals(defaults)).toThrow(message);
  });
});

describe('goal nudge schedule', () => {
  const schedule = (goals: object | undefined) =>
    readSettings(new ConfigReader({ devopsInsights: { goals } })).goals
      .schedule;

  it('runs weekly on Monday morning by default, on one replica at a time', () => {
    expect(schedule(undefined)).toEqual({
      frequency: { cron: '0 6 * * 1' },
      timeout: { minutes: 30 },
      scope: 'global',
    });
  });

  it('reads a configured schedule and keeps it global', () => {
    expect(
      schedule({
        schedule: { frequency: { days: 1 }, timeout: 'PT5M', scope: 'local' },
      }),
    ).toMatchObject({ frequency: { days: 1 }, scope: 'global' });
  });
});

describe('goal digest', () => {
  const forAll = (goals: object | undefined) =>
    readSettings(new ConfigReader({ devopsInsights: { goals } })).goals
      .digestForAll;

  it('goes to no team unless config enables it for all (annotations opt in one by one)', () => {
    expect(forAll(undefined)).toBe(false);
    expect(forAll({ digest: { enabled: true } })).toBe(true);
  });

  it('refuses a value that is not a boolean, naming the key', () => {
    expect(() => forAll({ digest: { enabled: 'weekly' } })).toThrow(
      /goals\.digest\.enabled/,
    );
  });
});
