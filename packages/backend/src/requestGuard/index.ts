export {
  CONTROL_CHARACTER,
  refuseBody,
  refuseRequest,
  requestGuard,
} from './requestGuard';
