import type { ReactNode } from 'react';
import { useHashPath } from '../../app/hash-route';
import { PageHeader } from '../../components/PageHeader';
import { useLanyard } from '../../state/app-context';
import type { LanyardState } from '../../state/lanyard-store';
import './settings.css';

const sections = [
  { path: '/settings', label: 'General' },
  { path: '/settings/push-certificate', label: 'Push certificate' },
  { path: '/settings/certificates', label: 'Certificates' },
  { path: '/settings/enrollment', label: 'Enrollment' },
] as const;

/** Whether the push certificate needs the admin: missing, expired, expiring, or refused by Apple. */
const selectPushAttention = (s: LanyardState): boolean => {
  const push = s.push.value;
  return push !== null && (!push.configured || push.expired || push.expiresSoon || push.blocked !== null);
};

/** Every settings page: the heading, the section tabs, then the section. */
export function SettingsFrame({ intro, children }: { intro: ReactNode; children: ReactNode }) {
  const path = useHashPath();
  const pushAttention = useLanyard(selectPushAttention);
  return (
    <div className="page settings-page">
      <PageHeader title="Settings">{intro}</PageHeader>
      <nav className="tabs" aria-label="Settings sections">
        <ul>
          {sections.map((section) => (
            <li key={section.path}>
              <a href={`#${section.path}`} aria-current={path === section.path ? 'page' : undefined}>
                {section.label}
                {section.path === '/settings/push-certificate' && pushAttention && (
                  <span className="tab-attention" title="Needs your attention">
                    <span aria-hidden="true">!</span>
                    <span className="visually-hidden"> (needs attention)</span>
                  </span>
                )}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {children}
    </div>
  );
}
