import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { migrateDatabase } from './DatabaseEventStore';
import {
  DEFAULT_ROLLUP_ANSWER_TIMES,
  RollupAnswerStore,
  RollupAnswerTimes,
} from './RollupAnswerStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const bytes = (text: string) => new Uint8Array(Buffer.from(text));
const text = (found: { gzipped: Uint8Array } | { claim: unknown }) =>
  'gzipped' in found ? Buffer.from(found.gzipped).toString() : 'claimed';

/** Two replicas on one database, with the times a test can wait for. */
async function replicas(
  id: TestDatabaseId,
  times: Partial<RollupAnswerTimes> = {},
): Promise<[RollupAnswerStore, RollupAnswerStore, Knex]> {
  const knex = await migrateDatabase({
    getClient: async () => databases.init(id),
  });
  const all = { ...DEFAULT_ROLLUP_ANSWER_TIMES, pollMs: 10, ...times };
  return [
    new RollupAnswerStore(knex, all),
    new RollupAnswerStore(knex, all),
    knex,
  ];
}

describe.each(databases.eachSupportedId())('RollupAnswerStore on %p', id => {
  it('claims an answer nobody holds and serves the stored one to every replica', async () => {
    const [a, b] = await replicas(id);
    const first = await a.answerOrClaim('s1');
    if (!('claim' in first)) throw new Error('expected a claim');
    await first.claim.store(bytes('answer one'));

    expect(text(await a.answerOrClaim('s1'))).toBe('answer one');
    expect(text(await b.answerOrClaim('s1'))).toBe('answer one');
    // Another stamp (other data or another question) is not that answer.
    expect(text(await b.answerOrClaim('s2'))).toBe('claimed');
  });

  it("makes the other replicas wait for a claim's answer instead of computing it", async () => {
    // Renewed every 50 ms, the claim would lapse within 1 s unrenewed: the
    // wait spans that twice, with room for a loaded machine.
    const [a, b] = await replicas(id, { renewMs: 50, claimMs: 1_000 });
    const first = await a.answerOrClaim('s1');
    if (!('claim' in first)) throw new Error('expected a claim');
    const waiting = b.answerOrClaim('s1');
    let settled = false;
    waiting.then(() => (settled = true));
    await new Promise(resolve => setTimeout(resolve, 2_500));
    expect(settled).toBe(false);

    await first.claim.store(bytes('computed once'));
    expect(text(await waiting)).toBe('computed once');
  });

  it('takes over a claim its holder stopped renewing (a replica that died)', async () => {
    const [a, b] = await replicas(id, { renewMs: 60_000, claimMs: 150 });
    const first = await a.answerOrClaim('s1');
    expect(text(first)).toBe('claimed');
    const second = await b.answerOrClaim('s1');
    if (!('claim' in second)) throw new Error('expected a claim');
    await second.claim.store(bytes('from the survivor'));
    expect(text(await a.answerOrClaim('s1'))).toBe('from the survivor');
  });

  it('lets the next caller compute an answer whose claim was released (a failed computation)', async () => {
    const [a, b] = await replicas(id);
    const first = await a.answerOrClaim('s1');
    if (!('claim' in first)) throw new Error('expected a claim');
    await first.claim.release();
    expect(text(await b.answerOrClaim('s1'))).toBe('claimed');
  });

  it('gives one claim to callers racing for the same stamp', async () => {
    const [a, b] = await replicas(id);
    const both = [a.answerOrClaim('s1'), b.answerOrClaim('s1')];
    const [winner] = await Promise.race(
      both.map(p => p.then(found => [found])),
    );
    if (!('claim' in winner)) throw new Error('expected a claim');
    await winner.claim.store(bytes('the one answer'));
    expect((await Promise.all(both)).map(text).sort()).toEqual([
      'claimed',
      'the one answer',
    ]);
  });

  it('deletes answers written more than keepMs ago when it stores one', async () => {
    const [a, , knex] = await replicas(id, { keepMs: 60_000 });
    const old = Date.now() - 120_000;
    await knex('rollup_answers').insert({
      stamp: 'old',
      answer: Buffer.from('stale'),
      claimed_at: old,
      updated_at: old,
    });
    const first = await a.answerOrClaim('new');
    if (!('claim' in first)) throw new Error('expected a claim');
    await first.claim.store(bytes('fresh'));
    expect(
      (await knex('rollup_answers').select('stamp')).map(r => r.stamp),
    ).toEqual(['new']);
  });
});
