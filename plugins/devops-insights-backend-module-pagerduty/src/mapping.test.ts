import { parseEvents } from '@devops-insights/backstage-plugin-common';
import {
  incident,
  logEntry,
  notify,
  oncall,
  ref,
} from './__testUtils__/fixtures';
import {
  entityKey,
  mapIncident,
  mapOncalls,
  mapPages,
  mapWebhookIncident,
  UserResolver,
} from './mapping';
import { PdWebhookEvent } from './types';

const entityRef = 'component:default/mail';
const users: UserResolver = id =>
  id === 'PXPGF42'
    ? { userRef: 'user:default/earline', timeZone: 'Europe/Berlin' }
    : undefined;

function expectValid(events: unknown[]) {
  const parsed = parseEvents(events);
  expect(parsed).toMatchObject({ ok: true });
}

describe('mapIncident', () => {
  // The OpenAPI example incident PT4KHLK, resolved by a user.
  const resolved = incident('PT4KHLK', 'PIJ90N7', '2015-10-06T21:30:42Z', {
    status: 'resolved',
    resolved_at: '2015-10-06T21:38:23Z',
    incident_key: 'baf7cf21b1da41b4b0221008339ff357',
    last_status_change_by: ref('user_reference', 'PXPGF42'),
  });
  const log = [
    logEntry('Q02JTSNZWHSEKV', 'trigger_log_entry', '2015-10-06T21:30:42Z', {
      agent: ref('service_reference', 'PIJ90N7'),
      channel: { type: 'api' },
    }),
    logEntry('QACK2', 'acknowledge_log_entry', '2015-10-06T21:35:00Z'),
    logEntry('QACK1', 'acknowledge_log_entry', '2015-10-06T21:32:10Z'),
    logEntry('QRES', 'resolve_log_entry', '2015-10-06T21:38:23Z', {
      agent: ref('user_reference', 'PXPGF42'),
    }),
  ];

  it('maps urgency, title, times, dedup key and link', () => {
    const event = mapIncident(resolved, log, entityRef);
    expect(event).toEqual({
      type: 'incident',
      source: 'pagerduty',
      id: 'PT4KHLK',
      entityRef,
      title: 'The server is on fire (PT4KHLK)',
      urgency: 'high',
      createdAt: '2015-10-06T21:30:42.000Z',
      acknowledgedAt: '2015-10-06T21:32:10.000Z',
      resolvedAt: '2015-10-06T21:38:23.000Z',
      autoResolved: false,
      dedupKey: 'baf7cf21b1da41b4b0221008339ff357',
      url: 'https://subdomain.pagerduty.com/incidents/PT4KHLK',
    });
    expectValid([event]);
  });

  it('finds the first acknowledgement by instant, not by the text of its time', () => {
    // 23:31 at +02:00 is 21:31 UTC: before QACK1, after it in text order.
    const offset = logEntry(
      'QACK0',
      'acknowledge_log_entry',
      '2015-10-06T23:31:00+02:00',
    );
    expect(mapIncident(resolved, [...log, offset], entityRef)).toMatchObject({
      acknowledgedAt: '2015-10-06T21:31:00.000Z',
    });
  });

  it('orders by the incident’s updated_at: the time of the state read', () => {
    const read = { ...resolved, updated_at: '2015-10-06T21:38:24Z' };
    expect(mapIncident(read, log, entityRef).updatedAt).toBe(
      '2015-10-06T21:38:24.000Z',
    );
  });

  it('marks an incident resolved by a service or integration as auto-resolved', () => {
    const auto = [
      ...log.slice(0, 3),
      logEntry('QRES', 'resolve_log_entry', '2015-10-06T21:38:23Z', {
        agent: ref('integration_reference', 'PINT'),
      }),
    ];
    expect(mapIncident(resolved, auto, entityRef).autoResolved).toBe(true);
  });

  it('leaves an open incident without resolvedAt and with low urgency kept', () => {
    const open = incident('POPEN', 'PIJ90N7', '2026-01-01T00:00:00Z', {
      urgency: 'low',
    });
    const event = mapIncident(open, [], entityRef);
    expect(event.urgency).toBe('low');
    expect(event.resolvedAt).toBeUndefined();
    expect(event.acknowledgedAt).toBeUndefined();
    expect(event.autoResolved).toBeUndefined();
    expectValid([event]);
  });

  it('takes the dedup key from the trigger when the incident has none (alert grouping)', () => {
    const grouped = incident('PGRP', 'PIJ90N7', '2026-01-01T00:00:00Z', {
      incident_key: null,
    });
    const trigger = logEntry(
      'QT',
      'trigger_log_entry',
      '2026-01-01T00:00:00Z',
      {
        channel: { type: 'api', incident_key: 'alert-key-1' },
      },
    );
    expect(mapIncident(grouped, [trigger], entityRef).dedupKey).toBe(
      'alert-key-1',
    );
  });
});

describe('mapPages', () => {
  it('keeps phone, SMS and push notifications and reports unmatched users', () => {
    const entries = [
      notify('QN1', 'PXPGF42', '2026-01-01T00:01:00Z', 'phone'),
      notify('QN2', 'PXPGF42', '2026-01-01T00:01:00Z', 'email'),
      notify('QN3', 'PXPGF42', '2026-01-01T00:02:00Z', 'sms'),
      notify('QN4', 'PXPGF42', '2026-01-01T00:03:00Z', 'push'),
      notify('QN5', 'PNOBODY', '2026-01-01T00:04:00Z', 'phone'),
      logEntry('QA', 'acknowledge_log_entry', '2026-01-01T00:05:00Z'),
    ];
    const { pages, unmatchedUserIds } = mapPages(
      entries,
      'PINC',
      entityRef,
      users,
    );
    expect(pages.map(p => [p.id, p.channel])).toEqual([
      ['QN1', 'phone'],
      ['QN3', 'sms'],
      ['QN4', 'push'],
    ]);
    expect(pages[0]).toEqual({
      type: 'page',
      source: 'pagerduty',
      id: 'QN1',
      entityRef,
      userRef: 'user:default/earline',
      notifiedAt: '2026-01-01T00:01:00.000Z',
      channel: 'phone',
      incidentId: 'PINC',
      timeZone: 'Europe/Berlin',
    });
    expect(unmatchedUserIds).toEqual(['PNOBODY']);
    expectValid(pages);
  });
});

describe('mapOncalls', () => {
  const horizon = '2025-09-01T00:00:00.000Z';

  it('maps shifts of a policy, including a permanent on-call', () => {
    const { shifts } = mapOncalls(
      [
        oncall(
          'PXPGF42',
          'PT20YPA',
          1,
          '2026-01-05T09:00:00Z',
          '2026-01-12T09:00:00Z',
          'PI7DH85',
        ),
        oncall('PXPGF42', 'PT20YPA', 2, null, null),
      ],
      { kind: 'policy', entityRef },
      users,
      horizon,
    );
    const suffix = entityKey(entityRef);
    expect(shifts).toEqual([
      expect.objectContaining({
        id: `ep:PT20YPA:PI7DH85:PXPGF42:L1:2026-01-05T09:00:00.000Z:${suffix}`,
        userRef: 'user:default/earline',
        start: '2026-01-05T09:00:00.000Z',
        end: '2026-01-12T09:00:00.000Z',
        level: 1,
        scheduleName: 'Schedule PI7DH85',
      }),
      expect.objectContaining({
        id: `ep:PT20YPA:direct:PXPGF42:L2:permanent:${suffix}`,
        start: horizon,
        end: null,
        level: 2,
      }),
    ]);
    expectValid(shifts);
  });

  it('counts a schedule shift once, at its lowest level, when several policies use it', () => {
    const { shifts } = mapOncalls(
      [
        oncall(
          'PXPGF42',
          'PA',
          2,
          '2026-01-05T09:00:00Z',
          '2026-01-12T09:00:00Z',
          'PSCHED',
        ),
        oncall(
          'PXPGF42',
          'PB',
          1,
          '2026-01-05T09:00:00Z',
          '2026-01-12T09:00:00Z',
          'PSCHED',
        ),
      ],
      { kind: 'schedule', entityRef: 'group:default/team-a' },
      users,
      horizon,
    );
    expect(shifts).toHaveLength(1);
    expect(shifts[0].level).toBe(1);
    expect(shifts[0].entityRef).toBe('group:default/team-a');
  });

  it('gives the same shift distinct ids per entity, and skips unmatched users', () => {
    const rows = [
      oncall(
        'PXPGF42',
        'PA',
        1,
        '2026-01-05T09:00:00Z',
        '2026-01-06T09:00:00Z',
      ),
      oncall(
        'PNOBODY',
        'PA',
        1,
        '2026-01-05T09:00:00Z',
        '2026-01-06T09:00:00Z',
      ),
    ];
    const a = mapOncalls(
      rows,
      { kind: 'policy', entityRef: 'component:default/a' },
      users,
      horizon,
    );
    const b = mapOncalls(
      rows,
      { kind: 'policy', entityRef: 'component:default/b' },
      users,
      horizon,
    );
    expect(a.shifts).toHaveLength(1);
    expect(a.shifts[0].id).not.toBe(b.shifts[0].id);
    expect(a.unmatchedUserIds).toEqual(['PNOBODY']);
  });
});

describe('mapWebhookIncident', () => {
  // The v3 payload example from the webhooks overview.
  const payload = (
    eventType: string,
    status: string,
    agentType?: string,
  ): PdWebhookEvent => ({
    event: {
      id: '5ac64822-4adc-4fda-ade0-410becf0de4f',
      event_type: eventType,
      resource_type: 'incident',
      occurred_at: '2020-10-02T18:45:22.169Z',
      agent: agentType ? ref(agentType, 'PLH1HKV') : null,
      data: {
        id: 'PGR0VU2',
        type: 'incident',
        status: status as 'triggered',
        title: 'A little bump in the road',
        urgency: 'high',
        created_at: '2020-04-09T15:16:27Z',
        incident_key: 'd3640fbd41094207a1c11e58e46b1662',
        html_url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
        service: ref('service_reference', 'PF9KMXH'),
      },
    },
  });

  it('maps a triggered incident', () => {
    const event = mapWebhookIncident(
      payload('incident.triggered', 'triggered'),
      entityRef,
    );
    expect(event).toEqual({
      type: 'incident',
      source: 'pagerduty',
      id: 'PGR0VU2',
      entityRef,
      title: 'A little bump in the road',
      urgency: 'high',
      createdAt: '2020-04-09T15:16:27.000Z',
      dedupKey: 'd3640fbd41094207a1c11e58e46b1662',
      url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
      updatedAt: '2020-10-02T18:45:22.169Z',
    });
    expectValid([event]);
  });

  it('names an acknowledgement only for incident.acknowledged, so no other event clears or moves it', () => {
    for (const [type, status] of [
      ['incident.triggered', 'triggered'],
      ['incident.reassigned', 'acknowledged'],
      ['incident.resolved', 'resolved'],
      ['incident.reopened', 'triggered'],
    ]) {
      expect(
        mapWebhookIncident(payload(type, status), entityRef),
      ).not.toHaveProperty('acknowledgedAt');
    }
  });

  it('takes acknowledged and resolved times from occurred_at', () => {
    expect(
      mapWebhookIncident(
        payload('incident.acknowledged', 'acknowledged', 'user_reference'),
        entityRef,
      ).acknowledgedAt,
    ).toBe('2020-10-02T18:45:22.169Z');
    const resolved = mapWebhookIncident(
      payload('incident.resolved', 'resolved', 'user_reference'),
      entityRef,
    );
    expect(resolved).toMatchObject({
      updatedAt: '2020-10-02T18:45:22.169Z',
      resolvedAt: '2020-10-02T18:45:22.169Z',
      autoResolved: false,
    });
    expect(
      mapWebhookIncident(payload('incident.resolved', 'resolved'), entityRef)
        .autoResolved,
    ).toBe(true);
  });

  it('clears the resolution on reopen', () => {
    const event = mapWebhookIncident(
      payload('incident.reopened', 'triggered'),
      entityRef,
    );
    expect(event.resolvedAt).toBeUndefined();
    expect(event.autoResolved).toBeUndefined();
  });
});
