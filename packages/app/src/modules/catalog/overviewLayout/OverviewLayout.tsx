import {
  EntityOrphanWarning,
  EntityProcessingErrorsPanel,
  EntityRelationWarning,
  EntitySwitch,
  hasCatalogProcessingErrors,
  hasRelationWarnings,
  isOrphan,
} from '@backstage/plugin-catalog';
import type { EntityContentLayoutProps } from '@backstage/plugin-catalog-react/alpha';
import { makeStyles } from '@material-ui/core/styles';
import { memo } from 'react';
import { CollapsedCard } from './CollapsedCard';

/** The narrowest a first-screen card gets before the grid drops a column. */
const GLANCE_CARD_MIN_PX = 320;
/** The narrowest a detail card gets before the grid drops a column. */
const DETAIL_CARD_MIN_PX = 520;

const columns = (minPx: number) =>
  `repeat(auto-fill, minmax(min(100%, ${minPx}px), 1fr))`;

const useStyles = makeStyles(theme => ({
  warnings: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(3),
    '&:empty': { display: 'none' },
  },
  glance: {
    display: 'grid',
    gridTemplateColumns: columns(GLANCE_CARD_MIN_PX),
    gap: theme.spacing(3),
    alignItems: 'start',
    marginBottom: theme.spacing(3),
  },
  details: {
    display: 'grid',
    gridTemplateColumns: columns(DETAIL_CARD_MIN_PX),
    gap: theme.spacing(3),
    alignItems: 'start',
  },
  // a phone's first screen holds the first three cards: tighter spacing
  [theme.breakpoints.down('xs')]: {
    glance: {
      gap: theme.spacing(2),
      marginBottom: theme.spacing(2),
      '& .MuiCardHeader-root, & .MuiCardContent-root': {
        padding: theme.spacing(1.5, 2),
      },
    },
    details: { gap: theme.spacing(2) },
  },
  cell: {
    minWidth: 0,
    overflowX: 'auto',
    // a card that decided not to render leaves no gap
    '&:empty': { display: 'none' },
  },
}));

/**
 * The catalog's warnings about the entity: orphaned, relations to missing
 * entities, processing errors (its own or its ancestors'). Each switch asks
 * the catalog (the ancestry, the related entities) whenever it renders
 * with new children, so they are rendered apart from the layout, whose
 * renders (a card loading, the layout's own state) do not reach them.
 */
const EntityWarnings = memo(function CatalogWarnings() {
  const classes = useStyles();
  return (
    <div className={classes.warnings}>
      <EntitySwitch>
        <EntitySwitch.Case if={isOrphan}>
          <EntityOrphanWarning />
        </EntitySwitch.Case>
      </EntitySwitch>
      <EntitySwitch>
        <EntitySwitch.Case if={hasRelationWarnings}>
          <EntityRelationWarning />
        </EntitySwitch.Case>
      </EntitySwitch>
      <EntitySwitch>
        <EntitySwitch.Case if={hasCatalogProcessingErrors}>
          <EntityProcessingErrorsPanel />
        </EntitySwitch.Case>
      </EntitySwitch>
    </div>
  );
});

/**
 * The overview as a grid rather than one column. The cards marked `info`
 * (About, Links, the scorecard's level, the deployment status, on-call)
 * come first, side by side, so they are on the first screen of a laptop and
 * at the top of a phone; the other cards follow in a grid of wider cells,
 * each cut to a few rows with "Show all". Nothing scrolls sideways: a cell
 * is never wider than the page, and a wide table scrolls inside its card.
 */
export function OverviewLayout(props: EntityContentLayoutProps) {
  const classes = useStyles();
  const glance = props.cards.filter(card => card.type === 'info');
  const details = props.cards.filter(card => card.type !== 'info');
  return (
    <>
      <EntityWarnings />
      {glance.length > 0 && (
        <div className={classes.glance} data-testid="overview-glance">
          {glance.map((card, index) => (
            <div className={classes.cell} key={card.element.key ?? index}>
              {card.element}
            </div>
          ))}
        </div>
      )}
      {details.length > 0 && (
        <div className={classes.details} data-testid="overview-details">
          {details.map((card, index) => (
            <div className={classes.cell} key={card.element.key ?? index}>
              <CollapsedCard>{card.element}</CollapsedCard>
            </div>
          ))}
        </div>
      )}
    </>
  );
}
