import { InfoCard, Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { SNYK_SEVERITIES, SnykSeverity } from '../../api';
import { SnykStatus } from '../common/SnykStatus';

/** Snyk's severity hues, dark enough for white text (contrast >= 5:1). */
const COLORS: Record<SnykSeverity, string> = {
  critical: '#9e1c23',
  high: '#a8400f',
  medium: '#8a5300',
  low: '#6b6a80',
};

/** Open issues by severity, per Snyk project of the entity. */
export function SnykCard() {
  return (
    <InfoCard title="Snyk" subheader="Open issues by severity">
      <SnykStatus>
        {report =>
          report.projects.length === 0 ? (
            <Typography>Snyk has no projects for this entity.</Typography>
          ) : (
            report.projects.map(project => (
              <Box key={project.id} mb={2}>
                <Link to={project.url}>{project.name}</Link>
                <Box display="flex" mt={1} style={{ gap: 8 }}>
                  {SNYK_SEVERITIES.map(severity => (
                    <Chip
                      key={severity}
                      size="small"
                      label={`${project.counts[severity]} ${severity}`}
                      aria-label={`${project.counts[severity]} ${severity} issues in ${project.name}`}
                      style={{
                        backgroundColor: project.counts[severity]
                          ? COLORS[severity]
                          : undefined,
                        color: project.counts[severity] ? 'white' : undefined,
                      }}
                    />
                  ))}
                </Box>
              </Box>
            ))
          )
        }
      </SnykStatus>
    </InfoCard>
  );
}
