import { Content, InfoCard, Progress } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { adoptionReadPermission } from '@internal/backstage-plugin-adoption-common';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { useSearchParams } from 'react-router-dom';
import { CoverageTab } from './CoverageTab';
import { DocsTab } from './DocsTab';
import { TemplatesTab } from './TemplatesTab';
import { UsageTab } from './UsageTab';

/** The page's tabs, by `?tab=` (usage without it). */
const PAGE_TABS = [
  { id: 'usage', label: 'Usage', content: () => <UsageTab /> },
  { id: 'coverage', label: 'Coverage', content: () => <CoverageTab /> },
  { id: 'templates', label: 'Templates', content: () => <TemplatesTab /> },
  { id: 'docs', label: 'Docs', content: () => <DocsTab /> },
];

/** What someone without `adoption.read` sees instead of the figures. */
function PlatformTeamOnly() {
  return (
    <Content>
      <InfoCard title="For the platform team">
        <Typography data-testid="adoption-platform-team-only">
          The Portal adoption figures are for the platform team: they say how
          people use the portal. Ask the platform team if you need some of them.
        </Typography>
      </InfoCard>
    </Content>
  );
}

/**
 * The Portal adoption page (platform team: `adoption.read`): usage,
 * catalog coverage, template and docs health, each figure exportable.
 */
export function AdoptionPage() {
  const { loading, allowed } = usePermission({
    permission: adoptionReadPermission,
  });
  const [params, setParams] = useSearchParams();
  if (loading) return <Progress />;
  if (!allowed) return <PlatformTeamOnly />;
  const tab = PAGE_TABS.find(t => t.id === params.get('tab')) ?? PAGE_TABS[0];
  return (
    <>
      <Tabs
        value={tab.id}
        onChange={(_e, id: string) =>
          setParams(id === PAGE_TABS[0].id ? {} : { tab: id })
        }
        indicatorColor="primary"
        aria-label="Portal adoption"
      >
        {PAGE_TABS.map(t => (
          <Tab key={t.id} value={t.id} label={t.label} />
        ))}
      </Tabs>
      {tab.content()}
    </>
  );
}
