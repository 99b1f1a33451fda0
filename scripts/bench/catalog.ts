import { Backend, sleep } from './backend';
import { Org } from './generate';
import { api } from './http';

/** Waits until the catalog holds the whole org with its relations stitched. */
export async function waitForCatalog(
  backend: Backend,
  org: Org,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!backend.alive)
      throw new Error('backend exited while the catalog was loading');
    try {
      const [groups, components] = await Promise.all([
        api(
          backend,
          '/api/catalog/entities?filter=kind=group&fields=metadata.name,relations',
        ),
        api(
          backend,
          '/api/catalog/entities?filter=kind=component&fields=metadata.name,relations',
        ),
      ]);
      if (groups.status === 200 && components.status === 200) {
        const hasRel = (e: any, type: string) =>
          (e.relations ?? []).some((r: any) => r.type === type);
        const expectedChildren = org.teams.filter(
          t => t.parent !== null,
        ).length;
        const g = groups.body as any[];
        const c = components.body as any[];
        const stitchedGroups = g.filter(e => hasRel(e, 'childOf')).length;
        const stitchedComponents = c.filter(e => hasRel(e, 'ownedBy')).length;
        last = `${g.length}/${org.teams.length} groups (${stitchedGroups}/${expectedChildren} childOf), ${stitchedComponents}/${org.services.length} components owned`;
        if (
          g.length === org.teams.length &&
          stitchedGroups === expectedChildren &&
          c.length === org.services.length &&
          stitchedComponents === org.services.length
        ) {
          return;
        }
      } else {
        last = `catalog answered ${groups.status}/${components.status}`;
      }
    } catch (error) {
      last = String(error);
    }
    await sleep(1000);
  }
  throw new Error(`catalog not ready after ${timeoutMs / 1000}s: ${last}`);
}
