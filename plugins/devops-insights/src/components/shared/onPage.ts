import { makeStyles } from '@material-ui/core/styles';

/**
 * For text straight on the page background (#f5f5f5 in the light theme),
 * where the theme's secondary text is 4.47:1, just under WCAG's 4.5:1: its
 * secondary text and resting field labels use the primary text colour.
 * Inside cards (white) the secondary colour is fine and left alone.
 */
export const useOnPageStyles = makeStyles(theme => ({
  onPage: {
    '& label:not(.Mui-focused):not(.Mui-error), & .MuiTypography-colorTextSecondary':
      { color: theme.palette.text.primary },
  },
}));
