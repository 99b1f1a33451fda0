import { ReactNode } from 'react';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import InfoOutlined from '@material-ui/icons/InfoOutlined';

/**
 * An info button whose tooltip says how a figure is defined. A button, not
 * a hover-only icon: keyboard users reach it (the tooltip opens on focus)
 * and touch users tap it.
 */
export function DefinitionButton(props: {
  /** What is defined, for the button's name: "How <label> is defined". */
  label: string;
  definition: NonNullable<ReactNode>;
}) {
  return (
    <Tooltip title={props.definition} arrow enterTouchDelay={0}>
      <IconButton
        size="small"
        aria-label={`How ${props.label} is defined`}
        style={{ padding: 2, cursor: 'help' }}
      >
        <InfoOutlined style={{ fontSize: '1rem' }} />
      </IconButton>
    </Tooltip>
  );
}
