export {
  CheckExemptionRequest,
  usePendingExemptionRequests,
} from './CheckExemptionRequest';
export { ExemptionRequestsTable } from './ExemptionRequestsTable';
export { PendingExemptionRequestsLine } from './PendingExemptionRequestsLine';
