import type {
  OnCallResponse,
  ResponderLoad,
} from '@devops-insights/backstage-plugin-common';

export function responder(
  overrides: Partial<ResponderLoad> = {},
): ResponderLoad {
  return {
    userRef: 'user:default/alice',
    timeZone: 'Europe/Berlin',
    onCallHours: 168,
    pages: 6,
    pagesPer12h: 0.5,
    onCallShare: 0.23,
    pagesByBand: { sleep: 0, business: 5, off: 1 },
    flags: { overloaded: false, overOnCallCap: false, sleepInterrupted: false },
    ...overrides,
  };
}

/** On-call figures of a component with two responders; override per test. */
export function onCallResponse(
  overrides: Partial<OnCallResponse> = {},
): OnCallResponse {
  return {
    entityRef: 'component:default/checkout',
    window: {
      from: '2026-04-15T10:00:00.000Z',
      to: '2026-05-15T10:00:00.000Z',
    },
    scope: {
      entityRefs: ['component:default/checkout'],
      owningGroups: ['group:default/payments'],
    },
    now: {
      at: '2026-05-15T10:00:00.000Z',
      shifts: [
        {
          userRef: 'user:default/bob',
          level: 2,
          start: '2026-05-11T08:00:00.000Z',
          end: '2026-05-18T08:00:00.000Z',
          scheduleName: 'Payments secondary',
          scheduleUrl: null,
          entityRef: 'component:default/checkout',
        },
        {
          userRef: 'user:default/alice',
          level: 1,
          start: '2026-05-11T08:00:00.000Z',
          end: '2026-05-18T08:00:00.000Z',
          scheduleName: 'Payments primary',
          scheduleUrl: 'https://pd.example.com/schedules/P1',
          entityRef: 'component:default/checkout',
        },
      ],
    },
    upcoming: [
      {
        userRef: 'user:default/carol',
        level: 1,
        start: '2026-05-18T08:00:00.000Z',
        end: '2026-05-25T08:00:00.000Z',
        scheduleName: 'Payments primary',
        scheduleUrl: null,
        entityRef: 'component:default/checkout',
      },
    ],
    incidents: { created: 12, mttaSeconds: 4 * 60, mttrSeconds: 90 * 60 },
    responders: [
      responder(),
      responder({
        userRef: 'user:default/bob',
        timeZone: 'America/New_York',
        pages: 30,
        pagesPer12h: 2.5,
        onCallShare: 0.4,
        pagesByBand: { sleep: 3, business: 20, off: 7 },
        flags: {
          overloaded: true,
          overOnCallCap: true,
          sleepInterrupted: true,
        },
      }),
    ],
    respondersWithheld: false,
    team: {
      level1CoverageHours: 720,
      level1OnCallHours: 720,
      incidentsPer12h: 0.2,
      pagesPer12h: 0.15,
      offHoursPagesPerResponderWeek: 0.5,
      fairness: 1.5,
      postmortemCoverage: 0.75,
    },
    goals: { figures: [], problems: [] },
    ...overrides,
  };
}
