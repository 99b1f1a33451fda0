import { Content, Header, Page } from '@backstage/core-components';
import { LeadershipPage } from './LeadershipPage';

/**
 * The full page for the legacy frontend system, which has no page header of
 * its own; in the new system PageBlueprint draws the header.
 */
export function DevopsInsightsPageContent() {
  return (
    <Page themeId="tool">
      <Header
        title="DevOps Insights"
        subtitle="DORA, toil and on-call load across teams"
      />
      <Content>
        <LeadershipPage />
      </Content>
    </Page>
  );
}
