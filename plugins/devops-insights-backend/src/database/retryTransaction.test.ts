import { retryTransaction } from './retryTransaction';

const failure = (code: string) => Object.assign(new Error(code), { code });

/** An operation failing with these errors in turn, then answering 'ok'. */
function failing(...errors: Error[]) {
  const run = jest.fn(async () => {
    const error = errors.shift();
    if (error) throw error;
    return 'ok';
  });
  return run;
}

describe('retryTransaction', () => {
  const sleeps: number[] = [];
  const options = {
    attempts: 4,
    baseDelayMs: 10,
    random: () => 0.5,
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
  };
  beforeEach(() => sleeps.splice(0));

  it.each(['40P01', '40001', 'SQLITE_BUSY'])(
    'runs again after %s, with a backoff doubling per retry',
    async code => {
      const run = failing(failure(code), failure(code));
      await expect(retryTransaction(run, options)).resolves.toBe('ok');
      expect(run).toHaveBeenCalledTimes(3);
      expect(sleeps).toEqual([5, 10]);
    },
  );

  it('gives up after the bounded number of attempts with the last error', async () => {
    const run = failing(
      ...['1', '2', '3', '4', '5'].map(() => failure('40P01')),
    );
    await expect(retryTransaction(run, options)).rejects.toMatchObject({
      code: '40P01',
    });
    expect(run).toHaveBeenCalledTimes(4);
  });

  it('does not run again after any other error', async () => {
    const run = failing(failure('23505'));
    await expect(retryTransaction(run, options)).rejects.toMatchObject({
      code: '23505',
    });
    expect(run).toHaveBeenCalledTimes(1);
    expect(sleeps).toEqual([]);
  });
});
