import type { ActivityEntry } from '../../../contract/models';
import { emptyActivityView, withLiveEntry, type ActivityView } from './activity-view';

/** The activity of one subject (an invitation's steps), loaded and then kept live. */
export interface SubjectLogView {
  subjectId: string | null;
  view: ActivityView;
}

export const emptySubjectLog: SubjectLogView = { subjectId: null, view: emptyActivityView };

export function withLiveSubjectEntry(log: SubjectLogView, entry: ActivityEntry): SubjectLogView {
  if (!log.subjectId || entry.subject?.id !== log.subjectId) return log;
  const view = withLiveEntry(log.view, entry);
  return view === log.view ? log : { ...log, view };
}
