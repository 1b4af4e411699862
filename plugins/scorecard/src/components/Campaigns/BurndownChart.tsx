import type { ScorecardCampaignBurndownPoint } from '@internal/backstage-plugin-scorecard-common';
import { describeBurndown } from './format';

const DAY_MS = 24 * 3600 * 1000;
const PAD = { left: 32, right: 8, top: 8, bottom: 20 };

/**
 * A campaign's burn-down: the entities not yet done over time (a line, each
 * recorded point a dot), and the ideal line from the first point to none
 * left at the end of the target date (dashed). Time runs from the start
 * date to the target date, or to the last point if later.
 */
export function BurndownChart(props: {
  points: ScorecardCampaignBurndownPoint[];
  startDate: string;
  targetDate: string;
  width?: number;
  height?: number;
}) {
  const { points, width = 480, height = 160 } = props;
  const label = describeBurndown(points);
  const start = Date.parse(`${props.startDate}T00:00:00Z`);
  const times = points.map(p => Date.parse(p.timestamp));
  const end = Math.max(
    Date.parse(`${props.targetDate}T00:00:00Z`) + DAY_MS,
    ...times,
  );
  const from = Math.min(start, ...times);
  const top = Math.max(1, ...points.map(p => p.entities));
  const x = (t: number) =>
    PAD.left +
    ((t - from) / Math.max(1, end - from)) * (width - PAD.left - PAD.right);
  const y = (v: number) =>
    PAD.top + (1 - v / top) * (height - PAD.top - PAD.bottom);
  const line = points
    .map(
      (p, i) =>
        `${i === 0 ? 'M' : 'L'}${x(times[i]).toFixed(1)},${y(
          p.remaining,
        ).toFixed(1)}`,
    )
    .join(' ');
  const first = points[0];

  return (
    <svg
      role="img"
      aria-label={label}
      width="100%"
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      style={{ maxWidth: width }}
      data-testid="campaign-burndown"
    >
      <title>{label}</title>
      <g fontSize={10} fill="currentColor" opacity={0.7}>
        <text x={PAD.left - 4} y={y(top) + 4} textAnchor="end">
          {top}
        </text>
        <text x={PAD.left - 4} y={y(0) + 4} textAnchor="end">
          0
        </text>
        <text x={PAD.left} y={height - 4}>
          {props.startDate}
        </text>
        <text x={width - PAD.right} y={height - 4} textAnchor="end">
          {props.targetDate}
        </text>
      </g>
      <line
        x1={PAD.left}
        y1={y(0)}
        x2={width - PAD.right}
        y2={y(0)}
        stroke="currentColor"
        opacity={0.3}
      />
      {first && (
        <line
          data-testid="campaign-burndown-ideal"
          x1={x(times[0])}
          y1={y(first.entities)}
          x2={x(Date.parse(`${props.targetDate}T00:00:00Z`) + DAY_MS)}
          y2={y(0)}
          stroke="currentColor"
          strokeDasharray="4 4"
          opacity={0.5}
        />
      )}
      {points.length > 0 && (
        <path
          data-testid="campaign-burndown-line"
          d={line}
          fill="none"
          stroke="currentColor"
          strokeWidth={2}
        />
      )}
      {points.map((p, i) => (
        <circle
          key={p.timestamp}
          cx={x(times[i])}
          cy={y(p.remaining)}
          r={2.5}
          fill="currentColor"
        />
      ))}
    </svg>
  );
}
