import type { FieldKey } from './settings-draft';

export const fieldLabels: Record<FieldKey, string> = {
  'organization.name': 'Organization name',
  'helpdesk.name': 'Helpdesk name',
  'helpdesk.phone': 'Helpdesk phone',
  'helpdesk.email': 'Helpdesk email',
  'helpdesk.website': 'Helpdesk website',
  'network.publicHost': 'Address devices use to reach this computer',
  'network.mdmPort': 'MDM HTTPS port',
  'network.enrollmentHttpPort': 'Enrollment HTTP port',
};
