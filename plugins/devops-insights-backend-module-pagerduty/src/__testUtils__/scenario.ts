import { Entity } from '@backstage/catalog-model';
import { FakePagerDuty } from './fakePagerDuty';
import { incident, logEntry, notify, oncall, ref } from './fixtures';

const DEFAULT_NOW = Date.parse('2026-03-01T00:00:00Z');
export const NOW = DEFAULT_NOW;
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(ms).toISOString();

/** Catalog: one component with two services, one by integration key, a team with a schedule. */
export const scenarioEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout',
      annotations: { 'pagerduty.com/service-id': 'PSVC1,PSVC2' },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-a',
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'mail',
      annotations: { 'pagerduty.com/integration-key': 'abc123' },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-a',
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'team-a',
      annotations: { 'devops-insights.io/pagerduty-schedule-id': 'PSCHED' },
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'earline' },
    spec: { profile: { email: 'Earline@Example.com' }, memberOf: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: 'tim',
      annotations: { 'devops-insights.io/pagerduty-user-id': 'PTIM' },
    },
    spec: { profile: { email: 'tim@corp.example' }, memberOf: [] },
  },
];

/** Incidents every ~2.5 days over 40 days before `now`, across mapped and unmapped services. */
export function fillScenario(fake: FakePagerDuty, now = DEFAULT_NOW) {
  fake.data.users = [
    { id: 'PEARL', email: 'earline@example.com', time_zone: 'Europe/Berlin' },
    { id: 'PTIM', email: 'tim@other.example', time_zone: 'America/New_York' },
    { id: 'PNOBODY', email: 'ghost@example.com' },
  ];
  fake.data.services = [
    {
      id: 'PSVC1',
      escalation_policy: ref('escalation_policy_reference', 'PEP1'),
    },
    {
      id: 'PSVC2',
      escalation_policy: ref('escalation_policy_reference', 'PEP1'),
    },
    {
      id: 'PMAIL',
      escalation_policy: ref('escalation_policy_reference', 'PEP2'),
      integrations: [
        {
          id: 'PINT',
          type: 'generic_events_api_inbound_integration',
          integration_key: 'abc123',
        },
      ],
    },
    {
      id: 'POTHER',
      escalation_policy: ref('escalation_policy_reference', 'PEP9'),
    },
  ];
  fake.data.incidents = [];
  fake.data.logEntries = new Map();
  const services = ['PSVC1', 'PSVC2', 'PMAIL', 'POTHER'];
  for (let i = 0; i < 16; i++) {
    const created = now - 40 * DAY + i * 2.5 * DAY + 3 * HOUR;
    const id = `PINC${String(i).padStart(2, '0')}`;
    const open = i === 14;
    fake.data.incidents.push(
      incident(id, services[i % 4], at(created), {
        status: open ? 'triggered' : 'resolved',
        resolved_at: open ? null : at(created + HOUR),
        urgency: i % 3 === 0 ? 'low' : 'high',
      }),
    );
    fake.data.logEntries.set(id, [
      logEntry(`${id}-T`, 'trigger_log_entry', at(created), {
        agent: ref('service_reference', services[i % 4]),
      }),
      notify(`${id}-N1`, 'PEARL', at(created + 60000), 'phone'),
      notify(`${id}-N2`, 'PEARL', at(created + 60000), 'email'),
      notify(`${id}-N3`, 'PNOBODY', at(created + 60000), 'sms'),
      notify(`${id}-N4`, 'PTIM', at(created + 90000), 'push'),
      ...(open
        ? []
        : [
            logEntry(
              `${id}-A`,
              'acknowledge_log_entry',
              at(created + 10 * 60000),
              { agent: ref('user_reference', 'PEARL') },
            ),
            logEntry(`${id}-R`, 'resolve_log_entry', at(created + HOUR), {
              agent:
                i % 2
                  ? ref('user_reference', 'PEARL')
                  : ref('service_reference', services[i % 4]),
            }),
          ]),
    ]);
  }
  fake.data.oncalls = [];
  for (let week = -6; week <= 3; week++) {
    const start = now + week * 7 * DAY;
    fake.data.oncalls.push(
      oncall(
        week % 2 ? 'PEARL' : 'PNOBODY',
        'PEP1',
        1,
        at(start),
        at(start + 7 * DAY),
        'PWEEKLY',
      ),
      oncall('PEARL', 'PEPX', 2, at(start), at(start + 7 * DAY), 'PSCHED'),
      oncall('PEARL', 'PEPY', 1, at(start), at(start + 7 * DAY), 'PSCHED'),
    );
  }
  fake.data.oncalls.push(oncall('PTIM', 'PEP2', 1, null, null));
}

export const at_ = at;
export { DAY, HOUR };
