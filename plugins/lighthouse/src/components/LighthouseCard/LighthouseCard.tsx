import { InfoCard, Link } from '@backstage/core-components';
import { AuditSummary } from '../common/AuditSummary';
import { WebsiteStatus } from '../common/WebsiteStatus';

/** The website's latest Lighthouse scores and their trend. */
export function LighthouseCard() {
  return (
    <InfoCard
      title="Lighthouse"
      subheader="Performance, accessibility, best practices and SEO of the website"
    >
      <WebsiteStatus>
        {(website, url) => (
          <>
            <AuditSummary website={website} />
            <Link to="lighthouse">All audits and reports of {url}</Link>
          </>
        )}
      </WebsiteStatus>
    </InfoCard>
  );
}
