export { LeadershipPage } from './LeadershipPage';
export { DevopsInsightsPageContent } from './DevopsInsightsPageContent';
export { rollupToCsv } from './csv';
export { ROLLUP_COLUMNS } from './columns';
export type { RollupColumn } from './columns';
