import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import type {
  CoverageHint,
  EntityCoverage,
} from '@devops-insights/backstage-plugin-common';
import { formatAgo, formatDateTime } from '../format';
import { missingLabel } from './breakdownModel';

/**
 * A missing source, said with what to add: the annotations a source module
 * reads (or, when one is there already, that it sent nothing yet) and a
 * link to their documentation.
 */
export function MissingHint(props: { hint: CoverageHint }) {
  const { hint } = props;
  return (
    <Typography
      variant="caption"
      component="div"
      color="textSecondary"
      data-testid={`coverage-missing-${hint.need}`}
    >
      <strong>{missingLabel(hint.need)}</strong>:{' '}
      {hint.present.length > 0 ? (
        <>
          <code>{hint.present.join(', ')}</code> is set but nothing was received
          yet
        </>
      ) : (
        <>
          add{' '}
          {hint.annotations.map((a, i) => (
            <span key={a}>
              {i > 0 && ' or '}
              <code>{a}</code>
            </span>
          ))}{' '}
          or use the events API
        </>
      )}{' '}
      (
      <Link to={hint.docsUrl} onClick={e => e.stopPropagation()}>
        docs
      </Link>
      )
    </Typography>
  );
}

/** The sources feeding one entity (with their latest event) and what is missing. */
export function CoverageCell(props: { coverage: EntityCoverage }) {
  const { coverage } = props;
  const [now] = useState(() => new Date());
  return (
    <Box data-testid="coverage-cell">
      <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
        {coverage.sources.length === 0 && (
          <Typography variant="body2" color="textSecondary" component="span">
            No source
          </Typography>
        )}
        {coverage.sources.map(s => (
          <Chip
            key={s.source}
            size="small"
            variant="outlined"
            label={
              s.lastEventAt
                ? `${s.source} · ${formatAgo(s.lastEventAt, now)}`
                : s.source
            }
            title={`${s.eventTypes.join(', ')}${
              s.lastEventAt
                ? `; latest event ${formatDateTime(s.lastEventAt)}`
                : ''
            }`}
          />
        ))}
      </Box>
      {coverage.missing.map(hint => (
        <MissingHint key={hint.need} hint={hint} />
      ))}
    </Box>
  );
}
