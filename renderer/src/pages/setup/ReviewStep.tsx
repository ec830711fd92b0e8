import { fieldLabels } from '../../forms/field-labels';
import { pinKeyOf, type Draft, type FieldKey, type PinnedKey } from '../../forms/settings-draft';
import { setupSteps } from './setup-steps';

/** Everything entered, grouped by step, each group with a way back to change it. */
export function ReviewStep({ draft, pinned, goTo }: { draft: Draft; pinned: readonly PinnedKey[]; goTo(step: number): void }) {
  return (
    <div className="review">
      <p className="section-intro">Check the details below. Finish saves them and starts using them; you can change all of them later under Settings.</p>
      {setupSteps.map((step, index) =>
        step.fields.length === 0 ? null : (
          <section key={step.id} className="review-group" aria-labelledby={`review-${step.id}`}>
            <div className="review-group-head">
              <h3 id={`review-${step.id}`}>{step.title}</h3>
              <button type="button" className="button button-link" onClick={() => goTo(index)}>
                Change<span className="visually-hidden"> {step.title.toLowerCase()}</span>
              </button>
            </div>
            <dl className="details">
              {step.fields.map((key) => (
                <div key={key}>
                  <dt>{fieldLabels[key]}</dt>
                  <dd>
                    {shown(key, draft[key])}
                    {isPinned(key, pinned) && <span className="pinned-tag"> (set by the command line for this run)</span>}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ),
      )}
    </div>
  );
}

function shown(key: FieldKey, value: string): string {
  if (key === 'network.enrollmentHttpPort' && value.trim() === '0') return 'Off';
  return value.trim() || 'Not set';
}

function isPinned(key: FieldKey, pinned: readonly PinnedKey[]): boolean {
  const pin = pinKeyOf(key);
  return pin !== null && pinned.includes(pin);
}
