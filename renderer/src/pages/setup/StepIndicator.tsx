import type { SetupStep } from './setup-steps';

export function StepIndicator({ steps, current }: { steps: readonly SetupStep[]; current: number }) {
  return (
    <ol className="step-indicator" aria-label="Setup steps">
      {steps.map((step, index) => (
        <li
          key={step.id}
          className={index < current ? 'step-done' : index === current ? 'step-current' : 'step-todo'}
          aria-current={index === current ? 'step' : undefined}
        >
          <span className="step-number" aria-hidden="true">
            {index < current ? '✓' : index + 1}
          </span>
          <span className="step-name">{step.short}</span>
        </li>
      ))}
    </ol>
  );
}
