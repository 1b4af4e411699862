export { SnykCard } from './SnykCard';
