export { AdoptionAnalytics, analyticsEnabled } from './AdoptionAnalytics';
export {
  AdoptionOptOutClient,
  adoptionOptOutApiRef,
  type AdoptionOptOutApi,
} from './AdoptionOptOutApi';
export { toAdoptionEvent } from './toAdoptionEvent';
