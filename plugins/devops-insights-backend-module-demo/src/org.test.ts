import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  ANNOTATION_TIME_ZONE,
  timeZoneSchema,
} from '@devops-insights/backstage-plugin-common';
import {
  DEMO_APIS,
  DEMO_COMPONENTS,
  DEMO_DOMAINS,
  DEMO_GROUPS,
  DEMO_RESOURCES,
  DEMO_SYSTEMS,
  DEMO_USERS,
  demoGroupChildren,
} from './org';

const PACKAGE_DIR = path.resolve(__dirname, '..');
const CATALOG_DIR = path.join(PACKAGE_DIR, 'catalog');
const REPO_ROOT_CATALOG = path.resolve(PACKAGE_DIR, '../../catalog-info.yaml');

type Entity = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; description?: string; [key: string]: unknown };
  spec?: Record<string, any>;
};

function loadEntities(file: string): Entity[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map(doc => {
    if (doc.errors.length) {
      throw new Error(`${file}: ${doc.errors.map(e => e.message).join('; ')}`);
    }
    return doc.toJS() as Entity;
  });
}

const locationFile = path.join(CATALOG_DIR, 'all.yaml');
const [location] = loadEntities(locationFile);
const demoCatalogFiles: string[] = location.spec!.targets.map((t: string) =>
  path.resolve(CATALOG_DIR, t),
);
const demoEntities = demoCatalogFiles.flatMap(loadEntities);
const rootEntities = loadEntities(REPO_ROOT_CATALOG);
const allEntities = [...demoEntities, ...rootEntities];

/** The fields that carry the organisation's structure, in a comparable shape. */
function project(entity: Entity) {
  const { kind, metadata, spec = {} } = entity;
  const sorted = (values?: string[]) => (values ? [...values].sort() : []);
  const base = {
    ref: `${kind.toLowerCase()}:${metadata.name}`,
    description: metadata.description,
  };
  switch (kind) {
    case 'Group':
      return {
        ...base,
        type: spec.type,
        displayName: spec.profile?.displayName,
        parent: spec.parent,
        children: sorted(spec.children),
      };
    case 'User':
      return {
        ref: base.ref,
        displayName: spec.profile?.displayName,
        email: spec.profile?.email,
        memberOf: sorted(spec.memberOf),
        timeZone: (
          metadata.annotations as Record<string, string> | undefined
        )?.[ANNOTATION_TIME_ZONE],
      };
    case 'Domain':
      return { ...base, owner: spec.owner };
    case 'System':
      return { ...base, owner: spec.owner, domain: spec.domain };
    case 'Component':
      return {
        ...base,
        type: spec.type,
        lifecycle: spec.lifecycle,
        owner: spec.owner,
        system: spec.system,
        providesApis: sorted(spec.providesApis),
        consumesApis: sorted(spec.consumesApis),
        dependsOn: sorted(spec.dependsOn),
      };
    case 'API':
    case 'Resource':
      return {
        ...base,
        type: spec.type,
        ...(kind === 'API' && { lifecycle: spec.lifecycle }),
        owner: spec.owner,
        system: spec.system,
      };
    default:
      throw new Error(`Unexpected kind ${kind} of ${metadata.name}`);
  }
}

function expectedFromOrg(declaredIn: 'demo-catalog' | 'repository-root') {
  const sorted = (values?: readonly string[]) =>
    values ? [...values].sort() : [];
  const components = DEMO_COMPONENTS.filter(
    c => c.declaredIn === declaredIn,
  ).map(c => ({
    ref: `component:${c.name}`,
    description: c.description,
    type: c.type,
    lifecycle: c.lifecycle,
    owner: c.owner,
    system: c.system,
    providesApis: sorted(c.providesApis),
    consumesApis: sorted(c.consumesApis),
    dependsOn: sorted(c.dependsOn),
  }));
  if (declaredIn === 'repository-root') return components;
  return [
    ...DEMO_GROUPS.map(g => ({
      ref: `group:${g.name}`,
      description: g.description,
      type: g.type,
      displayName: g.displayName,
      parent: g.parent,
      children: demoGroupChildren(g.name).sort(),
    })),
    ...DEMO_USERS.map(u => ({
      ref: `user:${u.name}`,
      displayName: u.displayName,
      email: u.email,
      memberOf: sorted(u.memberOf),
      timeZone: u.timeZone,
    })),
    ...DEMO_DOMAINS.map(d => ({
      ref: `domain:${d.name}`,
      description: d.description,
      owner: d.owner,
    })),
    ...DEMO_SYSTEMS.map(s => ({
      ref: `system:${s.name}`,
      description: s.description,
      owner: s.owner,
      domain: s.domain,
    })),
    ...components,
    ...DEMO_APIS.map(a => ({
      ref: `api:${a.name}`,
      description: a.description,
      type: a.type,
      lifecycle: a.lifecycle,
      owner: a.owner,
      system: a.system,
    })),
    ...DEMO_RESOURCES.map(r => ({
      ref: `resource:${r.name}`,
      description: r.description,
      type: r.type,
      owner: r.owner,
      system: r.system,
    })),
  ];
}

const byRef = (a: { ref: string }, b: { ref: string }) =>
  a.ref.localeCompare(b.ref);

describe('demo catalog', () => {
  it('lists every YAML file of catalog/ in its location', () => {
    const files = fs
      .readdirSync(CATALOG_DIR)
      .filter(f => f.endsWith('.yaml') && f !== 'all.yaml')
      .map(f => path.join(CATALOG_DIR, f))
      .sort();
    expect([...demoCatalogFiles].sort()).toEqual(files);
    expect(location.kind).toBe('Location');
  });

  it.each([
    ['catalog/*.yaml', demoEntities, 'demo-catalog'],
    ['catalog-info.yaml', rootEntities, 'repository-root'],
  ] as const)('%s agrees with src/org.ts', (_file, entities, declaredIn) => {
    expect(entities.map(project).sort(byRef)).toEqual(
      expectedFromOrg(declaredIn).sort(byRef),
    );
  });

  it('uses valid, unique entities', () => {
    const refs = allEntities.map(e => `${e.kind}:${e.metadata.name}`);
    expect(new Set(refs).size).toBe(refs.length);
    for (const entity of allEntities) {
      expect(entity.apiVersion).toBe('backstage.io/v1alpha1');
      expect(entity.metadata.name).toMatch(/^[a-z0-9]+([-_.][a-z0-9]+)*$/);
    }
  });

  it('only references entities that exist', () => {
    const names = (kind: string) =>
      new Set(
        allEntities.filter(e => e.kind === kind).map(e => e.metadata.name),
      );
    const groups = names('Group');
    const refs = new Set(
      allEntities.map(e => `${e.kind.toLowerCase()}:${e.metadata.name}`),
    );
    const missing: string[] = [];
    const check = (ok: boolean, what: string) => ok || missing.push(what);
    for (const { kind, metadata, spec = {} } of allEntities) {
      const at = `${kind}:${metadata.name}`;
      if (spec.owner)
        check(groups.has(spec.owner), `${at} owner ${spec.owner}`);
      if (spec.system) check(names('System').has(spec.system), `${at} system`);
      if (spec.domain) check(names('Domain').has(spec.domain), `${at} domain`);
      if (spec.parent) check(groups.has(spec.parent), `${at} parent`);
      for (const g of [...(spec.children ?? []), ...(spec.memberOf ?? [])]) {
        check(groups.has(g), `${at} group ${g}`);
      }
      for (const a of [
        ...(spec.providesApis ?? []),
        ...(spec.consumesApis ?? []),
      ]) {
        check(names('API').has(a), `${at} api ${a}`);
      }
      for (const d of spec.dependsOn ?? []) check(refs.has(d), `${at} ${d}`);
    }
    expect(missing).toEqual([]);
  });

  it('has a department with teams, a sub-team, and users in teams', () => {
    const department = DEMO_GROUPS.find(g => g.type === 'department')!;
    expect(demoGroupChildren(department.name).length).toBeGreaterThanOrEqual(3);
    expect(DEMO_GROUPS.some(g => g.type === 'sub-team' && g.parent)).toBe(true);
    expect(DEMO_USERS.length).toBeGreaterThanOrEqual(8);
    expect(DEMO_USERS.length).toBeLessThanOrEqual(12);
    const teams = new Set(
      DEMO_GROUPS.filter(g => g.type !== 'department').map(g => g.name),
    );
    for (const user of DEMO_USERS) {
      expect(user.memberOf.some(g => teams.has(g))).toBe(true);
    }
  });

  it('gives every user a valid time zone, spread over continents and mixed in some teams', () => {
    for (const user of DEMO_USERS) {
      expect(timeZoneSchema.safeParse(user.timeZone).success).toBe(true);
    }
    const zones = new Set(DEMO_USERS.map(u => u.timeZone));
    for (const zone of [
      'Europe/Berlin',
      'America/New_York',
      'Asia/Tokyo',
      'America/Los_Angeles',
    ]) {
      expect(zones.has(zone)).toBe(true);
    }
    const mixedTeams = DEMO_GROUPS.filter(
      g =>
        new Set(
          DEMO_USERS.filter(u => u.memberOf.includes(g.name)).map(
            u => u.timeZone,
          ),
        ).size > 1,
    );
    expect(mixedTeams.length).toBeGreaterThanOrEqual(2);
  });

  it('owns the repository component by a demo team', () => {
    const [self] = rootEntities;
    expect(self.kind).toBe('Component');
    expect(DEMO_GROUPS.map(g => g.name)).toContain(self.spec!.owner);
  });
});
