import Chip from '@material-ui/core/Chip';

const COLORS: Record<string, string> = {
  gold: '#c9a227',
  silver: '#9e9e9e',
  bronze: '#a0522d',
};

/** The level reached, or "No level". */
export function LevelBadge(props: { level: string | null }) {
  const color = props.level
    ? COLORS[props.level.toLocaleLowerCase('en-US')] ?? '#1976d2'
    : undefined;
  return (
    <Chip
      size="small"
      label={props.level ?? 'No level'}
      style={
        color ? { backgroundColor: color, color: '#fff' } : { opacity: 0.8 }
      }
      aria-label={`level: ${props.level ?? 'none'}`}
    />
  );
}
