import { useEffect, useRef, useState, type FormEvent } from 'react';
import { navigate } from '../../app/hash-route';
import { focusField } from '../../components/field-id';
import { LiveMessage, type Message } from '../../components/LiveMessage';
import { errorsFromCall } from '../../forms/api-field-errors';
import { checkDraft, draftFromSettings, type Draft, type FieldErrors, type FieldKey } from '../../forms/settings-draft';
import { useActions, useLanyard } from '../../state/app-context';
import { selectPinned } from '../../state/selectors';
import { setupSteps, stepOfField } from './setup-steps';
import { StepBody } from './StepBody';
import { StepIndicator } from './StepIndicator';
import './setup-wizard.css';

/**
 * First-run setup, one question per screen. Next checks the step's fields
 * with the contract's schemas; Finish sends everything with setup.complete
 * and returns to the step of any field the server refuses.
 */
export function SetupWizard() {
  const settings = useLanyard((s) => s.settings);
  const pinned = useLanyard(selectPinned);
  const { completeSetup } = useActions();
  const [draft, setDraft] = useState<Draft | null>(() => (settings ? draftFromSettings(settings) : null));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [current, setCurrent] = useState(0);
  const [message, setMessage] = useState<Message | null>(null);
  const [saving, setSaving] = useState(false);
  const [pendingFocus, setPendingFocus] = useState<FieldKey | 'heading' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!pendingFocus) return;
    if (pendingFocus === 'heading') heading.current?.focus();
    else focusField(pendingFocus);
    setPendingFocus(null);
  }, [pendingFocus, current]);

  if (!draft) return null;
  const step = setupSteps[current]!;
  const isReview = step.id === 'review';

  const goTo = (index: number) => {
    setCurrent(index);
    setMessage(null);
    setPendingFocus('heading');
  };
  const showErrors = (found: FieldErrors) => {
    setErrors(found);
    const first = Object.keys(found)[0] as FieldKey | undefined;
    if (!first) return;
    const index = stepOfField(first);
    if (index !== -1 && index !== current) setCurrent(index);
    setPendingFocus(first);
  };
  const onChange = (key: FieldKey, value: string) => {
    setDraft({ ...draft, [key]: value });
    if (errors[key]) setErrors(({ [key]: _, ...rest }) => rest);
  };

  const finish = async () => {
    const checked = checkDraft(draft);
    if (!checked.ok) return showErrors(checked.errors);
    setSaving(true);
    setMessage({ tone: 'info', text: 'Saving…' });
    try {
      await completeSetup(checked.value);
      navigate('/');
    } catch (error) {
      const { fields, message: text } = errorsFromCall(error);
      setMessage({ tone: 'error', text: `Setup was not saved. ${text}` });
      showErrors(fields);
      setSaving(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (isReview) {
      void finish();
      return;
    }
    const checked = checkDraft(draft, step.fields);
    if (!checked.ok && Object.keys(checked.errors).length > 0) return showErrors(checked.errors);
    setErrors({});
    goTo(current + 1);
  };

  return (
    <div className="wizard-page">
      <main className="wizard">
        <p className="brand">Lanyard</p>
        <h1>Set up Lanyard</h1>
        <StepIndicator steps={setupSteps} current={current} />
        <form className="card wizard-card" noValidate onSubmit={submit} aria-labelledby="wizard-step-title">
          <p className="step-count">
            Step {current + 1} of {setupSteps.length}
          </p>
          <h2 id="wizard-step-title" ref={heading} tabIndex={-1}>
            {step.title}
          </h2>
          <StepBody step={step.id} section={{ draft, errors, onChange, pinned }} goTo={goTo} />
          <LiveMessage message={message} />
          <div className="wizard-actions">
            {current > 0 && (
              <button type="button" className="button" onClick={() => goTo(current - 1)} disabled={saving}>
                Back
              </button>
            )}
            <button type="submit" className="button button-primary" disabled={saving}>
              {isReview ? (saving ? 'Finishing…' : 'Finish setup') : 'Next'}
            </button>
          </div>
        </form>
      </main>
    </div>
  );
}
