export interface ProgressSegment {
  /** Also the class that colours it: `progress-<key>`. */
  key: string;
  label: string;
  count: number;
}

/**
 * How far something spread over many devices got: one coloured segment per
 * status, in the order given, with the counts in words beside it (colour is
 * never the only cue). `done` of `total` is what the bar reports as its value.
 */
export function ProgressBar({ segments, total, done, label }: { segments: readonly ProgressSegment[]; total: number; done: number; label: string }) {
  const percent = total === 0 ? 100 : Math.round((done / total) * 100);
  const shown = segments.filter((segment) => segment.count > 0);
  return (
    <div className="progress">
      <div className="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={`${percent}%: ${shown.map((s) => `${s.count} ${s.label.toLowerCase()}`).join(', ') || 'nothing to do'}`}>
        {shown.map((segment) => (
          <span key={segment.key} className={`progress-segment progress-${segment.key}`} style={{ width: `${total === 0 ? 0 : (segment.count / total) * 100}%` }} />
        ))}
      </div>
      <ul className="progress-legend">
        <li className="progress-percent">{percent}%</li>
        {shown.map((segment) => (
          <li key={segment.key} data-status={segment.key}>
            <span className={`progress-swatch progress-${segment.key}`} aria-hidden="true" />
            {segment.count} {segment.label.toLowerCase()}
          </li>
        ))}
      </ul>
    </div>
  );
}
