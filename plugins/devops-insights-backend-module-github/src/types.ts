import { ScmTarget } from '@devops-insights/backstage-plugin-node';

/**
 * The fields this module reads from GitHub REST and webhook objects; both
 * carry the same shapes for deployments, statuses, runs and pull requests.
 */

export type GhDeployment = {
  id: number;
  sha: string;
  ref: string;
  task?: string;
  environment: string;
  production_environment?: boolean;
  description?: string | null;
  created_at: string;
  updated_at: string;
  statuses_url?: string;
};

export type GhDeploymentStatus = {
  id: number;
  state:
    | 'error'
    | 'failure'
    | 'inactive'
    | 'pending'
    | 'success'
    | 'queued'
    | 'in_progress';
  created_at: string;
  updated_at?: string;
  target_url?: string | null;
  log_url?: string | null;
  environment_url?: string | null;
};

export type GhWorkflowRun = {
  id: number;
  name?: string | null;
  path?: string;
  event: string;
  status: string | null;
  conclusion: string | null;
  head_branch: string | null;
  head_sha: string;
  run_attempt?: number;
  run_started_at?: string;
  created_at: string;
  updated_at: string;
  html_url?: string;
  workflow_id?: number;
};

export type GhCommit = {
  sha: string;
  html_url?: string;
  commit: {
    message: string;
    author?: { date?: string } | null;
    committer?: { date?: string } | null;
  };
};

export type GhPullRequest = {
  number: number;
  html_url?: string;
  title?: string;
  created_at: string;
  merged_at: string | null;
  base?: { ref: string };
};

export type GhCompare = {
  status: 'ahead' | 'behind' | 'identical' | 'diverged';
  ahead_by?: number;
  behind_by?: number;
  total_commits?: number;
  commits: GhCommit[];
};

/** One repository an entity opted in with `github.com/project-slug`. */
export type RepoTarget = ScmTarget & {
  owner: string;
  repo: string;
  /** Workflow file name (e.g. `deploy.yml`) whose successful default-branch runs are deployments. */
  deploymentWorkflow?: string;
};
