export { LighthouseContent } from './LighthouseContent';
