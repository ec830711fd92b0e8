import { useEffect, useState } from 'react';
import { activityActors, activityOutcomes } from '../../../../contract/models';
import type { ActivityActor, ActivityFilters as Filters, ActivityOutcome } from '../../state/activity-view';
import { useActions, useLanyard } from '../../state/app-context';
import { actorLabels, outcomeLabels } from './activity-labels';

/** Actor and outcome apply at once; the search text after a short pause in typing. */
export function ActivityFilters() {
  const filters = useLanyard((s) => s.activity.filters);
  const { setActivityFilters } = useActions();
  const [text, setText] = useState(filters.text);
  const apply = (next: Partial<Filters>) => void setActivityFilters({ ...filters, ...next });

  useEffect(() => {
    if (text === filters.text) return;
    const timer = setTimeout(() => void setActivityFilters({ ...filters, text }), 300);
    return () => clearTimeout(timer);
  }, [text, filters, setActivityFilters]);

  const anySet = filters.actor !== null || filters.outcome !== null || text !== '';
  return (
    <form
      className="filters"
      role="search"
      aria-label="Filter activity"
      onSubmit={(event) => {
        event.preventDefault();
        apply({ text });
      }}
    >
      <div className="field">
        <label htmlFor="activity-actor">Actor</label>
        <select id="activity-actor" className="input" value={filters.actor ?? ''} onChange={(e) => apply({ actor: (e.target.value || null) as ActivityActor | null })}>
          <option value="">All actors</option>
          {activityActors.map((actor) => (
            <option key={actor} value={actor}>
              {actorLabels[actor]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="activity-outcome">Outcome</label>
        <select
          id="activity-outcome"
          className="input"
          value={filters.outcome ?? ''}
          onChange={(e) => apply({ outcome: (e.target.value || null) as ActivityOutcome | null })}
        >
          <option value="">All outcomes</option>
          {activityOutcomes.map((outcome) => (
            <option key={outcome} value={outcome}>
              {outcomeLabels[outcome]}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-grow">
        <label htmlFor="activity-text">Search</label>
        <input id="activity-text" className="input" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Words in the action, message or subject" />
      </div>
      <button
        type="button"
        className="button button-quiet filters-clear"
        disabled={!anySet}
        onClick={() => {
          setText('');
          apply({ actor: null, outcome: null, text: '' });
        }}
      >
        Clear filters
      </button>
    </form>
  );
}
