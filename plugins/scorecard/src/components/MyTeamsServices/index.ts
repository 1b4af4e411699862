export { MyTeamsServices, MyTeamsServicesActions } from './MyTeamsServices';
