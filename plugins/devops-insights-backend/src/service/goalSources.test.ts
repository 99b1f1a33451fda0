import { Entity } from '@backstage/catalog-model';
import { digestRecipients } from './goalSources';
import { OrgView } from './OrgView';

/** Groups with the given digest annotation (undefined: none). */
function viewOf(groups: Record<string, string | undefined>): OrgView {
  const entities = new Map<string, Entity>();
  for (const [ref, digest] of Object.entries(groups)) {
    entities.set(ref, {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: ref.split('/')[1],
        annotations:
          digest === undefined
            ? {}
            : { 'devops-insights.io/goal-digest': digest },
      },
    });
  }
  return {
    entities,
    childrenOf: new Map(),
    ownedBy: new Map(),
    membersOf: new Map(),
    groups: new Map(
      Object.keys(groups).map(ref => [ref, { title: ref, parentRef: null }]),
    ),
  };
}

describe('digestRecipients', () => {
  const view = viewOf({
    'group:default/plain': undefined,
    'group:default/keen': 'weekly',
    'group:default/quiet': 'off',
    'group:default/typo': 'weekyl',
  });

  it('sends to the teams that opt in by annotation when config does not enable it for all', () => {
    expect(digestRecipients(view, false).groups).toEqual(
      new Set(['group:default/keen']),
    );
  });

  it('sends to every team but those opting out when config enables it for all', () => {
    expect(digestRecipients(view, true).groups).toEqual(
      new Set([
        'group:default/plain',
        'group:default/keen',
        'group:default/typo',
      ]),
    );
  });

  it('reports an unknown annotation value, naming the group, and leaves config to decide', () => {
    expect(digestRecipients(view, false).problems).toEqual([
      {
        ref: 'group:default/typo',
        message: expect.stringMatching(/'weekyl' is not a value/),
      },
    ]);
  });
});
