import { mockServices } from '@backstage/backend-test-utils';
import { enrichedOrPayload } from './enrichedOrPayload';

describe('enrichedOrPayload', () => {
  const logger = mockServices.logger.mock();

  it('returns the enriched event when the API answers', async () => {
    expect(
      await enrichedOrPayload({
        payload: 'payload',
        enrich: async () => 'enriched',
        logger,
        describe: 'hook 1',
      }),
    ).toBe('enriched');
  });

  it('falls back to the payload, with a warning, when enrichment fails', async () => {
    const warn = mockServices.logger.mock();
    expect(
      await enrichedOrPayload({
        payload: 'payload',
        enrich: async () => {
          throw new Error('API 503');
        },
        logger: warn,
        describe: 'hook 2',
      }),
    ).toBe('payload');
    expect(warn.warn).toHaveBeenCalledWith(
      expect.stringMatching(/hook 2.*API 503/),
    );
  });

  it('aborts enrichment that outlives its budget and falls back', async () => {
    let aborted = false;
    expect(
      await enrichedOrPayload({
        payload: 'payload',
        enrich: signal =>
          new Promise((_resolve, reject) =>
            signal.addEventListener('abort', () => {
              aborted = true;
              reject(signal.reason);
            }),
          ),
        logger,
        describe: 'hook 3',
        budgetMs: 1,
      }),
    ).toBe('payload');
    expect(aborted).toBe(true);
  });
});
