/** A small line of score ratios (0..1), oldest first. */
export function Sparkline(props: {
  points: { passed: number; total: number }[];
  width?: number;
  height?: number;
  label: string;
}) {
  const { width = 96, height = 24, label } = props;
  const ratios = props.points.map(p => (p.total > 0 ? p.passed / p.total : 0));
  if (ratios.length === 1) ratios.unshift(ratios[0]);
  const step = ratios.length > 1 ? width / (ratios.length - 1) : width;
  const path = ratios
    .map(
      (r, i) =>
        `${i === 0 ? 'M' : 'L'}${(i * step).toFixed(1)},${(
          height -
          2 -
          r * (height - 4)
        ).toFixed(1)}`,
    )
    .join(' ');
  return (
    <svg
      role="img"
      aria-label={label}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
    >
      <title>{label}</title>
      {ratios.length > 0 && (
        <path d={path} fill="none" stroke="currentColor" strokeWidth={2} />
      )}
    </svg>
  );
}

/** "trend: 5/10 → 7/10" for screen readers and tooltips */
export function describeTrend(points: { passed: number; total: number }[]) {
  if (points.length === 0) return 'no history yet';
  const first = points[0];
  const last = points[points.length - 1];
  return `trend: ${first.passed}/${first.total} → ${last.passed}/${last.total}`;
}
