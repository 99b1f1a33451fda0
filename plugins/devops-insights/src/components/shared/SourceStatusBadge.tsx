import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { useApi } from '@backstage/core-plugin-api';
import type { SourceStatus } from '@devops-insights/backstage-plugin-common';
import useAsync from 'react-use/esm/useAsync';
import { devopsInsightsApiRef } from '../../api';
import { missingLabel } from './breakdown/breakdownModel';
import { formatAgo } from './format';
import { entitySources, summarizeSources } from './sourceStatus';
import { StatusChip } from './StatusChip';

function FailingChip(props: {
  source: string;
  failing: SourceStatus[];
  now: Date;
}) {
  const { source, failing, now } = props;
  if (failing.length === 0) return null;
  return (
    <StatusChip
      tone="warning"
      testId={`source-warning-${source}`}
      label={`${failing.length} ${
        failing.length === 1 ? 'target' : 'targets'
      } failing`}
      title={failing
        .map(
          t =>
            `${t.target}: ${t.lastError!.message} (${formatAgo(
              t.lastError!.at,
              now,
            )})`,
        )
        .join('; ')}
    />
  );
}

/**
 * Which sources feed this entity (or the entities it pools), each with the
 * time of its latest event, and a warning when a target of one of them last
 * failed to sync. Without an entity, or when its coverage cannot be read,
 * the install-wide sync status ("github · synced 4 min ago"). Renders
 * nothing when there is nothing to say: the figures stand without it.
 */
export function SourceStatusBadge(props: { entityRef?: string }) {
  const { entityRef } = props;
  const api = useApi(devopsInsightsApiRef);
  const [now] = useState(() => new Date());
  const { value } = useAsync(async () => {
    const [sources, coverage] = await Promise.all([
      api.getSources().catch(() => undefined),
      entityRef
        ? api.getCoverage({ entityRef }).catch(() => undefined)
        : undefined,
    ]);
    return { sources: sources?.sources ?? [], coverage };
  }, [api, entityRef]);
  const summaries = summarizeSources(value?.sources ?? []);
  const failingOf = (source: string) =>
    summaries.find(s => s.source === source)?.failing ?? [];

  // Per entity: the sources feeding it, by their latest event.
  const chips: Array<{
    source: string;
    label: string;
    failing: SourceStatus[];
  }> = [];
  let none: { label: string; title: string } | null = null;
  if (value?.coverage) {
    const { coverage } = value;
    const pooled = coverage.entities.length;
    for (const s of entitySources(coverage)) {
      chips.push({
        source: s.source,
        label: `${s.source} · ${
          s.lastEventAt
            ? `last event ${formatAgo(s.lastEventAt, now)}`
            : 'no event time'
        }${pooled > 1 ? ` · ${s.entities} of ${pooled}` : ''}`,
        failing: failingOf(s.source),
      });
    }
    if (chips.length === 0 && pooled > 0) {
      none = {
        label:
          pooled === 1
            ? 'No source feeds this entity'
            : 'No source feeds these entities',
        title: [
          ...new Set(
            coverage.entities.flatMap(e => e.missing.map(m => m.need)),
          ),
        ]
          .map(missingLabel)
          .join('; '),
      };
    }
  } else {
    for (const summary of summaries) {
      chips.push({
        source: summary.source,
        label: `${summary.source} · ${
          summary.lastSuccessAt
            ? `synced ${formatAgo(summary.lastSuccessAt, now)}`
            : 'never synced'
        }`,
        failing: summary.failing,
      });
    }
  }
  if (chips.length === 0 && !none) return null;
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 4 }}
      data-testid="source-status"
    >
      {chips.map(chip => (
        <Box
          key={chip.source}
          display="flex"
          alignItems="center"
          style={{ gap: 4 }}
        >
          <Chip
            size="small"
            variant="outlined"
            data-testid={`source-status-${chip.source}`}
            label={chip.label}
          />
          <FailingChip source={chip.source} failing={chip.failing} now={now} />
        </Box>
      ))}
      {none && (
        <StatusChip
          tone="warning"
          testId="source-status-none"
          label={none.label}
          title={none.title}
        />
      )}
    </Box>
  );
}
