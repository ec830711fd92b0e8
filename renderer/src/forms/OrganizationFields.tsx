import type { SectionProps } from './section-props';
import { SettingField } from './SettingField';

export function OrganizationFields(section: SectionProps) {
  return (
    <div className="fields">
      <p className="section-intro">The name of your office or company. Device users see it on enrollment pages and in the profiles Lanyard installs.</p>
      <SettingField name="organization.name" section={section} placeholder="e.g. Acme Café" autoComplete="organization" />
    </div>
  );
}
