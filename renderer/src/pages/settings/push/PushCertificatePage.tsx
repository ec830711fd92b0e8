import { SettingsFrame } from '../SettingsFrame';
import { AppleGuide } from './AppleGuide';
import { ImportPushForm } from './ImportPushForm';
import { PushStatusCard } from './PushStatusCard';
import './push.css';

/** The Apple push certificate: its state, importing one, and how to get one from Apple. */
export function PushCertificatePage() {
  return (
    <SettingsFrame
      intro={
        <p>
          Apple&apos;s push certificate lets Lanyard wake devices when it has work for them. Devices cannot enroll without one, and it must be renewed every year.
        </p>
      }
    >
      <div className="settings-stack">
        <PushStatusCard />
        <ImportPushForm />
        <AppleGuide />
      </div>
    </SettingsFrame>
  );
}
