import { AddressFields } from '../../forms/AddressFields';
import { HelpdeskFields } from '../../forms/HelpdeskFields';
import { OrganizationFields } from '../../forms/OrganizationFields';
import { PortFields } from '../../forms/PortFields';
import type { SectionProps } from '../../forms/section-props';
import { ReviewStep } from './ReviewStep';
import type { SetupStep } from './setup-steps';

export function StepBody({ step, section, goTo }: { step: SetupStep['id']; section: SectionProps; goTo(index: number): void }) {
  switch (step) {
    case 'organization':
      return <OrganizationFields {...section} />;
    case 'helpdesk':
      return <HelpdeskFields {...section} />;
    case 'address':
      return <AddressFields {...section} />;
    case 'ports':
      return <PortFields {...section} />;
    case 'review':
      return <ReviewStep draft={section.draft} pinned={section.pinned} goTo={goTo} />;
  }
}
