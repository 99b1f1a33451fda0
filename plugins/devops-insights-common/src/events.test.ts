import { parseEvents } from './events';

const deployment = {
  type: 'deployment',
  source: 'github-actions',
  id: 'run-1',
  entityRef: 'checkout',
  environment: 'production',
  status: 'success',
  finishedAt: '2026-01-05T10:00:00+02:00',
};
const incident = {
  type: 'incident',
  source: 'pagerduty',
  id: 'P1',
  entityRef: 'checkout',
  createdAt: '2026-01-05T08:00:00Z',
};

describe('parseEvents', () => {
  it('normalises times to UTC and defaults urgency to high', () => {
    const result = parseEvents([deployment, incident]);
    expect(result).toEqual({
      ok: true,
      events: [
        expect.objectContaining({ finishedAt: '2026-01-05T08:00:00.000Z' }),
        expect.objectContaining({ urgency: 'high' }),
      ],
    });
  });

  it.each([
    ['2026-01-05T08:00:00.000Z', '2026-01-05T08:00:00.000Z'],
    ['2026-01-05T08:00:00Z', '2026-01-05T08:00:00.000Z'],
    ['2026-01-05T08:00:00.5Z', '2026-01-05T08:00:00.500Z'],
    ['2026-01-05T08:00:00.123456Z', '2026-01-05T08:00:00.123Z'],
    ['2026-01-05T10:00:00.000+02:00', '2026-01-05T08:00:00.000Z'],
    ['2024-02-29T23:59:59.999Z', '2024-02-29T23:59:59.999Z'],
  ])('normalises %s to %s', (input, expected) => {
    expect(parseEvents([{ ...incident, createdAt: input }])).toEqual({
      ok: true,
      events: [expect.objectContaining({ createdAt: expected })],
    });
  });

  it('accepts an in-progress deployment without finishedAt', () => {
    const { finishedAt, ...rest } = deployment;
    expect(parseEvents([{ ...rest, status: 'in_progress' }]).ok).toBe(true);
  });

  it.each([
    ['unknown type', { ...deployment, type: 'build' }, 'type'],
    ['source with capitals', { ...deployment, source: 'GitHub' }, 'source'],
    ['source too long', { ...deployment, source: 'a'.repeat(41) }, 'source'],
    ['id too long', { ...deployment, id: 'x'.repeat(201) }, 'id'],
    [
      'missing finishedAt',
      { ...deployment, finishedAt: undefined },
      'finishedAt',
    ],
    [
      'finished before started',
      { ...deployment, startedAt: '2026-01-06T00:00:00Z' },
      'finishedAt',
    ],
    ['bad status', { ...deployment, status: 'ok' }, 'status'],
    [
      'date without time',
      { ...deployment, finishedAt: '2026-01-05' },
      'finishedAt',
    ],
    ['unknown field', { ...deployment, colour: 'red' }, ''],
    [
      'duplicate change id',
      {
        ...deployment,
        changes: [
          { id: 'c', authoredAt: '2026-01-01T00:00:00Z' },
          { id: 'c', authoredAt: '2026-01-01T00:00:00Z' },
        ],
      },
      'changes.1.id',
    ],
    ['empty remediates', { ...deployment, remediates: {} }, 'remediates'],
    [
      'resolved before created',
      { ...incident, resolvedAt: '2026-01-05T07:00:00Z' },
      'resolvedAt',
    ],
    ['bad urgency', { ...incident, urgency: 'urgent' }, 'urgency'],
  ])('rejects %s', (_, event, path) => {
    const result = parseEvents([incident, event]);
    expect(result).toEqual({
      ok: false,
      errors: expect.arrayContaining([
        expect.objectContaining({ index: 1, path }),
      ]),
    });
    const errors = 'errors' in result ? result.errors : [];
    expect(errors.map(e => e.index)).toEqual(errors.map(() => 1));
  });
});
