export type { ScorecardNotice, ScorecardNotifier } from './types';
export {
  decideNotifications,
  scorecardLink,
  type EntityTransition,
} from './decideNotifications';
export {
  createScorecardNotifier,
  NotificationsScorecardNotifier,
  readNotificationsEnabled,
} from './NotificationsScorecardNotifier';
