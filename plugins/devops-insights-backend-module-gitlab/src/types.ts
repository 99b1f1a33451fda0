import { ScmTarget } from '@devops-insights/backstage-plugin-node';

/** The fields this module reads from GitLab REST objects (API v4). */

export type GlEnvironment = { id: number; name: string; tier?: string | null };

export type GlDeployment = {
  id: number;
  iid: number;
  ref: string;
  sha: string;
  status:
    | 'created'
    | 'running'
    | 'success'
    | 'failed'
    | 'canceled'
    | 'skipped'
    | 'blocked';
  created_at: string;
  updated_at: string;
  finished_at?: string | null;
  environment: GlEnvironment;
  deployable?: {
    id: number;
    started_at?: string | null;
    finished_at?: string | null;
    web_url?: string;
    pipeline?: { id: number; source?: string };
  } | null;
};

export type GlPipeline = {
  id: number;
  iid?: number;
  sha: string;
  ref: string;
  status: string;
  source: string;
  name?: string | null;
  created_at: string;
  updated_at: string;
  started_at?: string | null;
  finished_at?: string | null;
  web_url?: string;
};

export type GlJob = {
  id: number;
  name: string;
  status: string;
  retried?: boolean;
};

export type GlMergeRequest = {
  iid: number;
  created_at: string;
  merged_at?: string | null;
  web_url?: string;
};

export type GlCommit = { id: string; authored_date: string };

/** One GitLab project an entity opted in with `gitlab.com/project-slug` or `-id`. */
export type ProjectTarget = ScmTarget & {
  /** `group/sub/project` or the numeric id, as the annotation gave it. */
  project: string;
};

/** A target with the path GitLab answered, used in event ids. */
export type ResolvedProject = ProjectTarget & { id: number; path: string };
