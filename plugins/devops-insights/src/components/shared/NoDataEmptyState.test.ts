import { exampleEventsCurl, retimeExample } from './NoDataEmptyState';

describe('the first-event example', () => {
  const now = new Date('2026-11-30T16:00:00.000Z');

  it('moves the times an hour before now, keeping durations', () => {
    expect(
      retimeExample(
        {
          id: 'run-1',
          startedAt: '2026-01-01T12:00:00Z',
          finishedAt: '2026-01-01T12:20:00Z',
        },
        now,
      ),
    ).toEqual({
      id: 'run-1',
      startedAt: '2026-11-30T15:00:00Z',
      finishedAt: '2026-11-30T15:20:00Z',
    });
  });

  it("posts to the backend URL the app has, with the entity's ref", () => {
    const curl = exampleEventsCurl(
      'component:default/checkout',
      {
        type: 'deployment',
        source: 'ci',
        id: 'b1',
        finishedAt: '2026-01-01T12:00:00Z',
      },
      { baseUrl: 'https://backstage.example.com/api/devops-insights', now },
    );
    expect(curl).toContain(
      'curl -X POST https://backstage.example.com/api/devops-insights/v1/events',
    );
    expect(curl).toContain('"entityRef":"component:default/checkout"');
    expect(curl).toContain('"finishedAt":"2026-11-30T15:00:00Z"');
    expect(curl).not.toContain('localhost');
  });
});
