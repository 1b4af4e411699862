import type { LighthouseCategoryId } from '@backstage-community/plugin-lighthouse-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { LighthouseAudit } from '../../api';

/** The categories shown, in Lighthouse's own order. */
export const CATEGORIES: { id: LighthouseCategoryId; title: string }[] = [
  { id: 'performance', title: 'Performance' },
  { id: 'accessibility', title: 'Accessibility' },
  { id: 'best-practices', title: 'Best practices' },
  { id: 'seo', title: 'SEO' },
];

/** Lighthouse's score colours: 90-100 pass, 50-89 average, 0-49 fail. */
export function scoreColor(score: number | null | undefined): string {
  if (score === null || score === undefined) return '#757575';
  if (score >= 0.9) return '#0b7a36';
  if (score >= 0.5) return '#a65e00';
  return '#c5221f';
}

/** A score as Lighthouse shows it: 0-100, or – when it could not be scored. */
export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined
    ? '–'
    : String(Math.round(score * 100));
}

export function categoryScore(
  audit: LighthouseAudit | undefined,
  id: LighthouseCategoryId,
): number | null | undefined {
  return audit?.status === 'COMPLETED'
    ? audit.categories[id]?.score
    : undefined;
}

/** A small line of a category's scores over the audits, oldest first. */
export function Trend(props: { scores: number[]; label: string }) {
  const { scores, label } = props;
  if (scores.length < 2) return null;
  const w = 80;
  const h = 20;
  const points = scores
    .map(
      (s, i) =>
        `${((i / (scores.length - 1)) * w).toFixed(1)},${(h - s * h).toFixed(
          1,
        )}`,
    )
    .join(' ');
  return (
    <svg width={w} height={h} role="img" aria-label={label}>
      <polyline
        points={points}
        fill="none"
        stroke={scoreColor(scores[scores.length - 1])}
        strokeWidth={2}
      />
    </svg>
  );
}

/** A category's latest score, as a coloured number and its title. */
export function ScoreGauge(props: {
  title: string;
  score: number | null | undefined;
}) {
  const { title, score } = props;
  return (
    <Box textAlign="center" minWidth={80}>
      <Typography
        variant="h4"
        component="p"
        style={{ color: scoreColor(score), fontWeight: 600 }}
        aria-label={`${title}: ${formatScore(score)}`}
      >
        {formatScore(score)}
      </Typography>
      <Typography variant="body2">{title}</Typography>
    </Box>
  );
}
