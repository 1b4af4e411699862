export { LighthouseCard } from './LighthouseCard';
