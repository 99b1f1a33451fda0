import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { devopsInsightsApiRef } from '../../api';
import { formatAgo } from './format';
import { summarizeSources } from './sourceStatus';
import { StatusChip } from './StatusChip';

/**
 * How fresh the pulled data is, per source ("github · synced 4 min ago"),
 * with a warning when a target's last sync failed. Renders nothing without
 * configured sources, or when their status cannot be read: the figures
 * stand without it.
 */
export function SourceStatusBadge() {
  const api = useApi(devopsInsightsApiRef);
  const [now] = useState(() => new Date());
  const { value } = useAsync(() => api.getSources(), [api]);
  const summaries = summarizeSources(value?.sources ?? []);
  if (summaries.length === 0) return null;
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 4 }}
      data-testid="source-status"
    >
      {summaries.map(summary => (
        <Box
          key={summary.source}
          display="flex"
          alignItems="center"
          style={{ gap: 4 }}
        >
          <Chip
            size="small"
            variant="outlined"
            data-testid={`source-status-${summary.source}`}
            label={`${summary.source} · ${
              summary.lastSuccessAt
                ? `synced ${formatAgo(summary.lastSuccessAt, now)}`
                : 'never synced'
            }`}
          />
          {summary.failing.length > 0 && (
            <StatusChip
              tone="warning"
              testId={`source-warning-${summary.source}`}
              label={`${summary.failing.length} ${
                summary.failing.length === 1 ? 'target' : 'targets'
              } failing`}
              title={summary.failing
                .map(
                  t =>
                    `${t.target}: ${t.lastError!.message} (${formatAgo(
                      t.lastError!.at,
                      now,
                    )})`,
                )
                .join('; ')}
            />
          )}
        </Box>
      ))}
    </Box>
  );
}
