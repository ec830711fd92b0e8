import type { SectionProps } from './section-props';
import { SettingField } from './SettingField';

export function HelpdeskFields(section: SectionProps) {
  return (
    <div className="fields">
      <p className="section-intro">
        Who device users should contact for help. These details are shown to them on enrollment pages and in the profiles installed on their devices. Every
        field is optional.
      </p>
      <div className="field-grid">
        <SettingField name="helpdesk.name" section={section} placeholder="e.g. Office IT" hint="A person or a team." />
        <SettingField name="helpdesk.phone" section={section} type="tel" inputMode="tel" placeholder="e.g. +1 555 0100" />
        <SettingField name="helpdesk.email" section={section} type="email" inputMode="email" placeholder="e.g. it@example.com" />
        <SettingField name="helpdesk.website" section={section} type="url" inputMode="url" placeholder="https://" />
      </div>
    </div>
  );
}
