import { Link } from '@backstage/core-components';
import OpenInNew from '@material-ui/icons/OpenInNew';

/** An external link for a table cell, or a dash when the source sent none. */
export function ExternalLinkCell(props: { url: string | null; label: string }) {
  if (!props.url) return <>—</>;
  return (
    <Link to={props.url} aria-label={props.label}>
      <OpenInNew fontSize="small" />
    </Link>
  );
}
