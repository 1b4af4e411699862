export { refuseRequest, requestGuard } from './requestGuard';
