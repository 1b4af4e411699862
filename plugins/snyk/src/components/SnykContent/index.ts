export { SnykContent } from './SnykContent';
