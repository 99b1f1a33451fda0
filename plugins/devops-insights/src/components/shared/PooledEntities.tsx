import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Collapse from '@material-ui/core/Collapse';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { EntityRefLink } from '@backstage/plugin-catalog-react';

/** Kinds whose metrics pool the events of other entities. */
export const POOLING_KINDS = ['group', 'system', 'domain'];

export function isPoolingKind(kind: string): boolean {
  return POOLING_KINDS.includes(kind.toLocaleLowerCase('en-US'));
}

/** Says which entities a Group/System/Domain figure is made of. */
export function PooledEntities(props: { entityRefs: string[] }) {
  const [open, setOpen] = useState(false);
  const { entityRefs } = props;
  const count = entityRefs.length;
  return (
    <div data-testid="pooled-entities">
      <Typography variant="body2" component="span">
        Pooled over {count} {count === 1 ? 'entity' : 'entities'}.
      </Typography>
      {count > 0 && (
        <Button
          size="small"
          onClick={() => setOpen(!open)}
          aria-expanded={open}
        >
          {open ? 'Hide list' : 'Show list'}
        </Button>
      )}
      <Collapse in={open} unmountOnExit>
        <List dense>
          {[...entityRefs].sort().map(ref => (
            <ListItem key={ref}>
              <EntityRefLink entityRef={ref} />
            </ListItem>
          ))}
        </List>
      </Collapse>
    </div>
  );
}
