import type { SectionProps } from './section-props';
import { SettingField } from './SettingField';

export function PortFields(section: SectionProps) {
  return (
    <div className="fields">
      <p className="section-intro">
        Devices talk to Lanyard over HTTPS on the MDM port. The enrollment port serves a plain-HTTP start page, so a phone can open an enrollment link before
        it trusts Lanyard&apos;s certificate. Your firewall must let devices on the office network reach these ports.
      </p>
      <div className="field-grid">
        <SettingField name="network.mdmPort" section={section} inputMode="numeric" short hint="Usually 8443." />
        <SettingField name="network.enrollmentHttpPort" section={section} inputMode="numeric" short hint="Usually 8080. 0 turns the plain-HTTP page off." />
      </div>
    </div>
  );
}
