import { argocdMapping } from './argocd';
import { incidentIoMapping } from './incidentIo';
import { jenkinsMapping } from './jenkins';
import { opsgenieMapping } from './opsgenie';

/** The shipped mappings, by the name `preset:` takes; see docs/webhooks.md. */
export const presets = {
  argocd: { mapping: argocdMapping },
  jenkins: { mapping: jenkinsMapping },
  opsgenie: { mapping: opsgenieMapping },
  'incident-io': { mapping: incidentIoMapping },
};

export type PresetId = keyof typeof presets;
