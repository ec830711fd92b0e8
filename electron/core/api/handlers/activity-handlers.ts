import type { ActivityLog } from '../../activity/activity-log';
import type { Handler } from '../dispatcher';

export function activityHandlers(activity: ActivityLog): { 'activity.list': Handler<'activity.list'> } {
  return {
    'activity.list': (query) => activity.list(query),
  };
}
