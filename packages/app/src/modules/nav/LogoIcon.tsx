import { useId } from 'react';
import { makeStyles } from '@material-ui/core';
import { brandMark, brandName } from '../theme/brand';
import { BrandMark } from './BrandMark';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
    height: 28,
  },
});

/** The collapsed sidebar's logo: the brand mark alone. */
export const LogoIcon = () => {
  const classes = useStyles();
  const titleId = useId();

  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${brandMark.size} ${brandMark.size}`}
      role="img"
      aria-labelledby={titleId}
    >
      <title id={titleId}>{brandName}</title>
      <BrandMark />
    </svg>
  );
};
