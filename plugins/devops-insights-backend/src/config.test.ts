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
