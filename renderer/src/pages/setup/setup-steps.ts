import type { FieldKey } from '../../forms/settings-draft';

export interface SetupStep {
  id: 'organization' | 'helpdesk' | 'address' | 'ports' | 'review';
  /** Shown in the step indicator. */
  short: string;
  title: string;
  /** The fields this step edits; Next checks only these. */
  fields: readonly FieldKey[];
}

export const setupSteps: readonly SetupStep[] = [
  { id: 'organization', short: 'Organization', title: 'Your organization', fields: ['organization.name'] },
  { id: 'helpdesk', short: 'Helpdesk', title: 'Helpdesk contacts', fields: ['helpdesk.name', 'helpdesk.phone', 'helpdesk.email', 'helpdesk.website'] },
  { id: 'address', short: 'Address', title: 'How devices reach this computer', fields: ['network.publicHost'] },
  { id: 'ports', short: 'Ports', title: 'Ports', fields: ['network.mdmPort', 'network.enrollmentHttpPort'] },
  { id: 'review', short: 'Review', title: 'Review and finish', fields: [] },
];

/** The step that edits a field, or -1. */
export function stepOfField(key: FieldKey): number {
  return setupSteps.findIndex((step) => step.fields.includes(key));
}
