export { ScorecardCard } from './ScorecardCard';
