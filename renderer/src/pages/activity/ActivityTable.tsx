import type { ActivityEntry } from '../../../../contract/models';
import { actorLabels, formatTime, outcomeLabels, subjectText } from './activity-labels';

export function ActivityTable({ entries }: { entries: readonly ActivityEntry[] }) {
  return (
    <div className="table-wrap">
      <table className="activity-table">
        <caption className="visually-hidden">Activity log, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Outcome</th>
            <th scope="col">Message</th>
            <th scope="col">Subject</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} data-outcome={entry.outcome}>
              <td className="nowrap" data-label="Time">
                <time dateTime={entry.at} title={entry.at}>
                  {formatTime(entry.at)}
                </time>
              </td>
              <td data-label="Actor">{actorLabels[entry.actor]}</td>
              <td data-label="Action">{entry.action}</td>
              <td data-label="Outcome">
                <span className={`badge badge-${entry.outcome}`}>{outcomeLabels[entry.outcome]}</span>
              </td>
              <td className="message" data-label="Message">{entry.message}</td>
              <td data-label="Subject">{subjectText(entry.subject)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
