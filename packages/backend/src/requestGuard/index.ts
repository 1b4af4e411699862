export { refuseBody, refuseRequest, requestGuard } from './requestGuard';
