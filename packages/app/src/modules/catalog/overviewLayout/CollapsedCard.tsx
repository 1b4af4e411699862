import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode, useEffect, useId, useRef, useState } from 'react';

/** A card taller than this is collapsed to it, with "Show all". */
export const COLLAPSED_HEIGHT_PX = 480;

const useStyles = makeStyles(theme => ({
  body: { minWidth: 0, overflowX: 'auto' },
  collapsed: {
    maxHeight: COLLAPSED_HEIGHT_PX,
    overflowY: 'hidden',
    maskImage: 'linear-gradient(to bottom, black 85%, transparent)',
  },
  toggle: { marginTop: theme.spacing(1) },
}));

/**
 * One card of the overview's long part: shown whole while it is short, else
 * cut to {@link COLLAPSED_HEIGHT_PX} with a button that shows the rest (and
 * hides it again). Nothing is unmounted: a collapsed card keeps its state.
 */
export function CollapsedCard(props: { children: ReactNode }) {
  const classes = useStyles();
  const id = useId();
  const inner = useRef<HTMLDivElement>(null);
  const [tall, setTall] = useState(false);
  const [expanded, setExpanded] = useState(false);

  useEffect(() => {
    const element = inner.current;
    if (!element || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(() =>
      setTall(element.scrollHeight > COLLAPSED_HEIGHT_PX),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const collapsed = tall && !expanded;
  return (
    <div>
      <div
        id={id}
        className={`${classes.body} ${collapsed ? classes.collapsed : ''}`}
      >
        <div ref={inner}>{props.children}</div>
      </div>
      {tall && (
        <Button
          className={classes.toggle}
          size="small"
          variant="outlined"
          aria-expanded={expanded}
          aria-controls={id}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? 'Show less' : 'Show all'}
        </Button>
      )}
    </div>
  );
}
