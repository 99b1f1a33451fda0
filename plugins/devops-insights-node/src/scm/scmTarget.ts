/**
 * What every SCM source's target (a repository, a project) carries: the
 * integration host it lives on and the entity that opted it in.
 * @public
 */
export type ScmTarget = {
  host: string;
  entityRef: string;
  /** From the entity's `devops-insights.io/production-environments`; lower-cased. */
  productionEnvironments?: string[];
};

/**
 * A target's key in cursors and the sync status: `<host>/<path>`,
 * lower-cased (hosts and, on GitHub and GitLab, paths ignore case).
 * @public
 */
export function scmTargetKey(host: string, path: string): string {
  return `${host}/${path}`.toLocaleLowerCase('en-US');
}

/**
 * The configured hosts of one integration kind and the one an entity gets
 * when it names none (see `readScmSourceSettings`).
 * @public
 */
export type ScmHosts = { hosts: string[]; defaultHost: string };

/**
 * `host` when it is one of the configured integration hosts, else the
 * default host: an entity names its host (a source location, an instance
 * annotation) only to pick among the configured ones.
 * @public
 */
export function configuredHostOr(
  host: string | undefined,
  options: ScmHosts,
): string {
  return host && options.hosts.includes(host) ? host : options.defaultHost;
}
