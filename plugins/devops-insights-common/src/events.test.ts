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
    ['NUL in a title', { ...incident, title: 'down\u0000' }, 'title'],
    [
      'NUL in an entity ref',
      { ...incident, entityRef: 'a\u0000b' },
      'entityRef',
    ],
    ['unpaired high surrogate', { ...incident, title: 'x\ud800' }, 'title'],
    ['unpaired low surrogate', { ...incident, id: '\udc00y' }, 'id'],
    [
      'NUL in a change id',
      {
        ...deployment,
        changes: [{ id: 'c\u0000', authoredAt: '2026-01-01T00:00:00Z' }],
      },
      'changes.0.id',
    ],
    [
      // 10000-01-01T01:00Z, whose ISO form '+010000-…' sorts before '9999-…'
      'a time past year 9999 in UTC',
      {
        ...deployment,
        startedAt: '9999-12-31T23:00:00-02:00',
        finishedAt: '9999-12-31T23:30:00Z',
      },
      'startedAt',
    ],
    [
      'a time before year 0000 in UTC',
      { ...incident, createdAt: '0000-01-01T00:30:00+01:00' },
      'createdAt',
    ],
    [
      'a ci-run attempt above a 32-bit integer',
      {
        type: 'ci-run',
        source: 'ci',
        id: 'r1',
        entityRef: 'checkout',
        name: 'build',
        attempt: 2 ** 31,
        trigger: 'automatic',
        status: 'in_progress',
        startedAt: '2026-01-05T08:00:00Z',
      },
      'attempt',
    ],
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

  it('compares times as instants across offsets', () => {
    // 09:30+02:00 is 07:30Z, before 08:00Z, although it sorts after as text.
    const result = parseEvents([
      { ...incident, acknowledgedAt: '2026-01-05T09:30:00+02:00' },
    ]);
    expect(result).toEqual({
      ok: false,
      errors: [expect.objectContaining({ index: 0, path: 'acknowledgedAt' })],
    });
  });

  it('accepts text with paired surrogates (emoji) and the years 0000 to 9999', () => {
    expect(
      parseEvents([
        { ...incident, title: 'on fire 🔥', createdAt: '0000-01-01T00:00:00Z' },
        { ...incident, id: 'P2', createdAt: '9999-12-31T23:59:59.999Z' },
      ]).ok,
    ).toBe(true);
  });
});
