import { ConfigReader } from '@backstage/config';
import { createHmac } from 'node:crypto';
import { readCustomWebhooks } from './settings';
import { verificationFailure } from './verify';

const read = (webhooks: object) =>
  readCustomWebhooks(new ConfigReader({ devopsInsights: { webhooks } }));

const token = { token: { secret: 's', header: 'X-Token' } };

describe('readCustomWebhooks', () => {
  it.each([
    [
      'both preset and mapping',
      { preset: 'argocd', mapping: '1', auth: token },
      'exactly one of preset or mapping',
    ],
    ['neither', { auth: token }, 'exactly one of preset or mapping'],
    [
      'an unknown preset',
      { preset: 'circleci', auth: token },
      "unknown preset 'circleci'",
    ],
    [
      'no auth kind',
      { preset: 'argocd', auth: {} },
      'exactly one of hmac, token or standardWebhooks',
    ],
    [
      'two auth kinds',
      {
        preset: 'argocd',
        auth: { ...token, hmac: { secret: 'a', header: 'x' } },
      },
      'exactly one of hmac',
    ],
    [
      'a bad algorithm',
      {
        preset: 'argocd',
        auth: { hmac: { secret: 'a', header: 'x', algorithm: 'md5' } },
      },
      'sha1, sha256 or sha512',
    ],
    [
      'a huge body limit',
      { preset: 'argocd', auth: token, maxBodyBytes: 6e6 },
      'maxBodyBytes',
    ],
    [
      'a short signing secret',
      { preset: 'argocd', auth: { standardWebhooks: { secret: 'whsec_abc' } } },
      'signing secret',
    ],
  ])('refuses %s, for that webhook alone', (_name, settings, message) => {
    const { webhooks, broken } = read({
      bad: settings,
      good: { preset: 'argocd', auth: token },
    });
    expect(webhooks.map(w => w.name)).toEqual(['good']);
    expect(broken).toEqual([
      { name: 'bad', error: expect.stringContaining(message) },
    ]);
  });

  it('refuses a name the status row cannot hold', () => {
    expect(
      read({ ['x'.repeat(33)]: { preset: 'argocd', auth: token } }).broken,
    ).toHaveLength(1);
  });
});

describe('verificationFailure', () => {
  const body = Buffer.from('{"a":1}');
  it('checks an HMAC in base64 with sha512 and a prefix', () => {
    const auth = read({
      w: {
        preset: 'argocd',
        auth: {
          hmac: {
            secret: 'k',
            header: 'X-Sig',
            algorithm: 'sha512',
            encoding: 'base64',
            prefix: 'v=',
          },
        },
      },
    }).webhooks[0].auth;
    const sig = `v=${createHmac('sha512', 'k').update(body).digest('base64')}`;
    expect(
      verificationFailure(auth, { headers: { 'x-sig': sig }, rawBody: body }),
    ).toBeUndefined();
    expect(
      verificationFailure(auth, {
        headers: { 'x-sig': sig },
        rawBody: Buffer.from('{"a":2}'),
      }),
    ).toBe('signature mismatch');
    expect(
      verificationFailure(auth, {
        headers: { 'x-sig': sig.slice(2) },
        rawBody: body,
      }),
    ).toBe("signature header x-sig must start with 'v='");
    expect(verificationFailure(auth, { headers: {}, rawBody: body })).toBe(
      'missing signature header x-sig',
    );
  });

  it('refuses a Standard Webhooks delivery signed too long ago', () => {
    const secret = `whsec_${Buffer.from('0123456789abcdef0123').toString(
      'base64',
    )}`;
    const auth = read({
      w: { preset: 'incident-io', auth: { standardWebhooks: { secret } } },
    }).webhooks[0].auth;
    const key = Buffer.from(secret.slice(6), 'base64');
    const headers = (ts: number) => ({
      'webhook-id': 'm1',
      'webhook-timestamp': String(ts),
      'webhook-signature': `v0,x v1,${createHmac('sha256', key)
        .update(`m1.${ts}.`)
        .update(body)
        .digest('base64')}`,
    });
    const now = 1_800_000_000;
    expect(
      verificationFailure(
        auth,
        { headers: headers(now - 10), rawBody: body },
        () => now * 1000,
      ),
    ).toBeUndefined();
    expect(
      verificationFailure(
        auth,
        { headers: headers(now - 301), rawBody: body },
        () => now * 1000,
      ),
    ).toBe('webhook-timestamp is not within 300 s of now');
  });

  it('compares a token in a query parameter', () => {
    const auth = read({
      w: {
        preset: 'jenkins',
        auth: { token: { secret: 't', queryParameter: 'token' } },
      },
    }).webhooks[0].auth;
    expect(
      verificationFailure(auth, { headers: {}, query: { token: 't' } }),
    ).toBeUndefined();
    expect(
      verificationFailure(auth, { headers: {}, query: { token: ['t', 't'] } }),
    ).toBe('missing query parameter token');
    expect(
      verificationFailure(auth, { headers: {}, query: { token: 'u' } }),
    ).toBe('wrong query parameter token');
  });
});
