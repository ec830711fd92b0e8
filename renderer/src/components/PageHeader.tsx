import { useEffect, useRef, type ReactNode } from 'react';

/** The page's h1. It takes focus when the page opens, so keyboard and screen-reader users start there. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <header className="page-header">
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children && <div className="page-header-text">{children}</div>}
    </header>
  );
}
