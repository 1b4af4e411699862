import { useId } from 'react';
import { makeStyles } from '@material-ui/core';
import { brandName, brandWordmark } from '../theme/brand';
import { BrandMark } from './BrandMark';

const useStyles = makeStyles(theme => ({
  svg: {
    width: 'auto',
    height: 36,
    overflow: 'visible',
  },
  name: {
    fill: theme.palette.navigation.selectedColor,
    fontFamily: theme.typography.fontFamily,
    fontSize: 20,
    fontWeight: 700,
  },
  tagline: {
    fill: theme.palette.navigation.color,
    fontFamily: theme.typography.fontFamily,
    fontSize: 13,
  },
}));

/**
 * The open sidebar's logo: the brand mark and the wordmark (the name over
 * the tagline), in the sidebar's text colours.
 */
export const LogoFull = () => {
  const classes = useStyles();
  const titleId = useId();

  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 170 48"
      role="img"
      aria-labelledby={titleId}
    >
      <title id={titleId}>{brandName}</title>
      <BrandMark />
      {/* one text, so its content reads "MyOrg Developer Portal" (with the
          space), the link's visible text that its name must contain */}
      <text>
        <tspan className={classes.name} x="58" y="22">
          {brandWordmark.name}
        </tspan>{' '}
        <tspan className={classes.tagline} x="58" y="40">
          {brandWordmark.tagline}
        </tspan>
      </text>
    </svg>
  );
};
