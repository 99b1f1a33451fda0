export * from './RateLimitedClient';
