import { configuredHostOr, scmTargetKey } from './scmTarget';

const hosts = {
  hosts: ['ghe.example.com', 'github.com'],
  defaultHost: 'github.com',
};

describe('configuredHostOr', () => {
  it.each([
    {
      name: 'keeps a configured host',
      host: 'ghe.example.com',
      result: 'ghe.example.com',
    },
    {
      name: 'falls back for an unknown host',
      host: 'evil.example.com',
      result: 'github.com',
    },
    {
      name: 'falls back without a host',
      host: undefined,
      result: 'github.com',
    },
    { name: 'falls back for an empty host', host: '', result: 'github.com' },
  ])('$name', ({ host, result }) => {
    expect(configuredHostOr(host, hosts)).toBe(result);
  });
});

describe('scmTargetKey', () => {
  it('joins host and path, lower-cased', () => {
    expect(scmTargetKey('GitHub.com', 'Acme/Shop')).toBe(
      'github.com/acme/shop',
    );
  });
});
