import { mockServices } from '@backstage/backend-test-utils';
import { FactsRefresher } from './FactsRefresher';

/** A derivation that records its rounds and finishes when told. */
function gatedDerivation() {
  const rounds: string[][] = [];
  const gates: Array<() => void> = [];
  const derive = (refs: string[]) => {
    rounds.push([...refs].sort());
    return new Promise<void>(resolve => gates.push(resolve));
  };
  const openNext = async () => {
    while (!gates.length) await new Promise(r => setImmediate(r));
    gates.shift()!();
  };
  return { derive, rounds, openNext };
}

describe('FactsRefresher', () => {
  it('derives changes made during a round once, together, in the next round', async () => {
    const gated = gatedDerivation();
    const refresher = new FactsRefresher(
      gated.derive,
      mockServices.logger.mock(),
    );
    refresher.changed(['component:default/a']);
    await new Promise(r => setImmediate(r));
    expect(gated.rounds).toEqual([['component:default/a']]);

    // Three batches while the first round derives, two of them for b.
    refresher.changed(['component:default/b']);
    refresher.changed(['component:default/c', 'component:default/b']);
    refresher.changed(['component:default/a']);
    await gated.openNext();
    await gated.openNext();
    await refresher.idle();
    expect(gated.rounds).toEqual([
      ['component:default/a'],
      ['component:default/a', 'component:default/b', 'component:default/c'],
    ]);
  });

  it('starts a new round for a change after the last one ended', async () => {
    const derived: string[][] = [];
    const refresher = new FactsRefresher(async refs => {
      derived.push(refs);
    }, mockServices.logger.mock());
    refresher.changed(['component:default/a']);
    await refresher.idle();
    refresher.changed(['component:default/b']);
    await refresher.idle();
    expect(derived).toEqual([['component:default/a'], ['component:default/b']]);
  });

  it('logs a failed round and goes on with the next', async () => {
    const logger = mockServices.logger.mock();
    const derived: string[][] = [];
    let fail = true;
    const refresher = new FactsRefresher(async refs => {
      derived.push(refs);
      if (fail) {
        fail = false;
        refresher.changed(['component:default/b']);
        throw new Error('database gone');
      }
    }, logger);
    refresher.changed(['component:default/a']);
    await refresher.idle();
    expect(derived).toEqual([['component:default/a'], ['component:default/b']]);
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not derive metric facts: Error: database gone',
    );
  });
});
