import { BackendFeature } from '@backstage/backend-plugin-api';
import { createSourceModule, SourceModuleOptions } from './createSourceModule';

/**
 * The module of an SCM source whose integration kind is its module id
 * (`github`, `gitlab`): it adds the source when `integrations.<moduleId>`
 * is configured (`readSettings` answers), and says so in one line naming
 * the hosts and whether webhooks are received; without it, it logs one line
 * and adds nothing.
 * @public
 */
export function createScmSourceModule<S extends { hosts: string[] }>(
  options: Omit<
    SourceModuleOptions<S>,
    'moduleId' | 'notEnabledMessage' | 'enabledMessage'
  > & {
    moduleId: 'github' | 'gitlab';
    /** The provider's name in log lines, e.g. `GitHub`. */
    name: string;
  },
): BackendFeature {
  const { name, moduleId } = options;
  return createSourceModule({
    moduleId,
    readSettings: options.readSettings,
    createSource: options.createSource,
    notEnabledMessage: `DevOps Insights ${name} source not enabled: no integrations.${moduleId} configured`,
    enabledMessage: (settings, source) =>
      `DevOps Insights ${name} source enabled for ${settings.hosts.join(', ')}${
        source.webhook ? ' with webhooks' : ''
      }`,
  });
}
