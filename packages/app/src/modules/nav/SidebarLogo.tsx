import {
  Link,
  sidebarConfig,
  useSidebarOpenState,
} from '@backstage/core-components';
import { makeStyles } from '@material-ui/core';
import { LogoFull } from './LogoFull';
import { LogoIcon } from './LogoIcon';

const useSidebarLogoStyles = makeStyles({
  root: {
    width: sidebarConfig.drawerWidthClosed,
    height: 3 * sidebarConfig.logoHeight,
    display: 'flex',
    flexFlow: 'row nowrap',
    alignItems: 'center',
    marginBottom: -14,
  },
  link: {
    width: sidebarConfig.drawerWidthClosed,
    marginLeft: 24,
  },
  screenReaderOnly: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

/**
 * Our logo at the top of the sidebar, linking home: the full logo when the
 * sidebar is open, the mark when it is collapsed. The link is named by its
 * content, the logo's name and a word only screen readers read ("MyOrg
 * Developer Portal home"), so its name holds what it shows (WCAG 2.5.3,
 * label in name).
 */
export const SidebarLogo = () => {
  const classes = useSidebarLogoStyles();
  const { isOpen } = useSidebarOpenState();

  return (
    <div className={classes.root}>
      <Link to="/" underline="none" className={classes.link}>
        {isOpen ? <LogoFull /> : <LogoIcon />}
        {/* a space between the logo's name and the word */}{' '}
        <span className={classes.screenReaderOnly}>home</span>
      </Link>
    </div>
  );
};
