import Chip from '@material-ui/core/Chip';

/** Each level's colour, with a text colour of at least 4.5:1 contrast on it. */
const COLORS: Record<string, { background: string; text: string }> = {
  gold: { background: '#c9a227', text: '#1a1a1a' },
  silver: { background: '#9e9e9e', text: '#000000' },
  bronze: { background: '#a0522d', text: '#ffffff' },
};
const OTHER_LEVEL = { background: '#1565c0', text: '#ffffff' };

/** The level reached, or "No level". */
export function LevelBadge(props: { level: string | null }) {
  const color = props.level
    ? COLORS[props.level.toLocaleLowerCase('en-US')] ?? OTHER_LEVEL
    : undefined;
  return (
    <Chip
      size="small"
      label={props.level ?? 'No level'}
      style={
        color
          ? { backgroundColor: color.background, color: color.text }
          : undefined
      }
      variant={color ? 'default' : 'outlined'}
      role="img"
      aria-label={`level: ${props.level ?? 'none'}`}
    />
  );
}
