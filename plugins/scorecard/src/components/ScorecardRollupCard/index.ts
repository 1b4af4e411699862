export { ScorecardRollupCard } from './ScorecardRollupCard';
