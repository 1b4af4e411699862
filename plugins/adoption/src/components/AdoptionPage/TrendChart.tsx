import { useTheme } from '@material-ui/core/styles';

/** One line (or one colour of bars): a value per point of `labels`. */
export type TrendSeries = { name: string; values: number[] };

/**
 * "Weekly active users from 2026-11-02 to 2026-11-30: 3 → 5"; with more
 * series "…: covered 10 → 14, uncovered 6 → 2". What the chart says, for
 * screen readers and the tooltip.
 */
export function describeTrend(
  title: string,
  labels: string[],
  series: TrendSeries[],
): string {
  if (labels.length === 0 || series.length === 0) {
    return `${title}: no data yet`;
  }
  const last = labels.length - 1;
  const span =
    labels.length === 1
      ? ` on ${labels[0]}`
      : ` from ${labels[0]} to ${labels[last]}`;
  const one = (s: TrendSeries) =>
    labels.length === 1
      ? `${s.values[0]}`
      : `${s.values[0]} → ${s.values[last]}`;
  const values =
    series.length === 1
      ? one(series[0])
      : series.map(s => `${s.name} ${one(s)}`).join(', ');
  return `${title}${span}: ${values}`;
}

const PAD = { left: 36, right: 8, top: 8, bottom: 20 };

/**
 * A small trend chart of ours: lines (each point a dot) or grouped bars over
 * time, the first and last label under it, 0 and the highest value beside
 * it, a legend when there is more than one series. `labels` are the points
 * in time, oldest first (e.g. the weeks' first days).
 */
export function TrendChart(props: {
  title: string;
  labels: string[];
  series: TrendSeries[];
  kind?: 'line' | 'bar';
  width?: number;
  height?: number;
  testId?: string;
}) {
  const theme = useTheme();
  const { labels, series, kind = 'line', width = 480, height = 140 } = props;
  const colors = [
    theme.palette.primary.main,
    theme.palette.error.main,
    theme.palette.text.secondary,
    theme.palette.success.main,
  ];
  const label = describeTrend(props.title, labels, series);
  const top = Math.max(1, ...series.flatMap(s => s.values));
  const plotWidth = width - PAD.left - PAD.right;
  const slot = plotWidth / Math.max(1, labels.length);
  // lines: from the first point's centre to the last's; bars: a slot each
  const x = (i: number) =>
    kind === 'bar' || labels.length === 1
      ? PAD.left + slot * (i + 0.5)
      : PAD.left + (i / (labels.length - 1)) * plotWidth;
  const y = (v: number) =>
    PAD.top + (1 - v / top) * (height - PAD.top - PAD.bottom);
  const barWidth = Math.max(1, (slot * 0.8) / Math.max(1, series.length));

  return (
    <div>
      <svg
        role="img"
        aria-label={label}
        width="100%"
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        style={{ maxWidth: width, display: 'block' }}
        data-testid={props.testId}
      >
        <title>{label}</title>
        <g fontSize={10} fill="currentColor" opacity={0.7}>
          <text x={PAD.left - 4} y={y(top) + 4} textAnchor="end">
            {top}
          </text>
          <text x={PAD.left - 4} y={y(0) + 4} textAnchor="end">
            0
          </text>
          {labels.length > 0 && (
            <text x={PAD.left} y={height - 4}>
              {labels[0]}
            </text>
          )}
          {labels.length > 1 && (
            <text x={width - PAD.right} y={height - 4} textAnchor="end">
              {labels[labels.length - 1]}
            </text>
          )}
        </g>
        {labels.length === 0 && (
          <text
            x={PAD.left + plotWidth / 2}
            y={height / 2}
            textAnchor="middle"
            fontSize={12}
            fill="currentColor"
            opacity={0.7}
          >
            No data yet
          </text>
        )}
        <line
          x1={PAD.left}
          y1={y(0)}
          x2={width - PAD.right}
          y2={y(0)}
          stroke="currentColor"
          opacity={0.3}
        />
        {series.map((s, si) => {
          const color = colors[si % colors.length];
          if (kind === 'bar') {
            return (
              <g key={s.name} fill={color} data-series={s.name}>
                {s.values.map((v, i) => (
                  <rect
                    key={labels[i] ?? i}
                    x={x(i) - (barWidth * series.length) / 2 + barWidth * si}
                    y={y(v)}
                    width={barWidth}
                    height={y(0) - y(v)}
                  />
                ))}
              </g>
            );
          }
          const path = s.values
            .map(
              (v, i) =>
                `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`,
            )
            .join(' ');
          return (
            <g key={s.name} data-series={s.name}>
              {s.values.length > 1 && (
                <path d={path} fill="none" stroke={color} strokeWidth={2} />
              )}
              {s.values.map((v, i) => (
                <circle
                  key={labels[i] ?? i}
                  cx={x(i)}
                  cy={y(v)}
                  r={2.5}
                  fill={color}
                />
              ))}
            </g>
          );
        })}
      </svg>
      {series.length > 1 && (
        <ul
          aria-hidden
          style={{
            display: 'flex',
            gap: 16,
            listStyle: 'none',
            margin: 0,
            padding: 0,
            fontSize: 12,
          }}
        >
          {series.map((s, si) => (
            <li key={s.name}>
              <span
                style={{
                  display: 'inline-block',
                  width: 10,
                  height: 10,
                  marginRight: 4,
                  background: colors[si % colors.length],
                }}
              />
              {s.name}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
