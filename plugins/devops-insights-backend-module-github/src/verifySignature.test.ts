import { verifyGithubSignature } from './verifySignature';

// GitHub's documented test vector ("Validating webhook deliveries").
const SECRET = "It's a Secret to Everybody";
const BODY = Buffer.from('Hello, World!');
const SIGNATURE =
  'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

describe('verifyGithubSignature', () => {
  it('accepts the documented test vector', () => {
    expect(verifyGithubSignature(BODY, SIGNATURE, [SECRET])).toBe(true);
  });

  it('accepts any of several secrets', () => {
    expect(verifyGithubSignature(BODY, SIGNATURE, ['other', SECRET])).toBe(
      true,
    );
  });

  it.each([
    ['a tampered body', Buffer.from('Hello, World?'), SIGNATURE, [SECRET]],
    ['another secret', BODY, SIGNATURE, ['not the secret']],
    ['no header', BODY, undefined, [SECRET]],
    [
      'a sha1 header',
      BODY,
      'sha1=0123456789abcdef0123456789abcdef01234567',
      [SECRET],
    ],
    ['a truncated signature', BODY, SIGNATURE.slice(0, -2), [SECRET]],
    ['no secrets', BODY, SIGNATURE, []],
  ])('rejects %s', (_name, body, header, secrets) => {
    expect(verifyGithubSignature(body, header, secrets)).toBe(false);
  });
});
