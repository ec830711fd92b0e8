import { useLayoutEffect, useState, type RefObject } from 'react';
import { rowWindow } from './row-window';

/**
 * The rows of a long table to render as the window scrolls: reads where the
 * table body is once per animation frame of scrolling or resizing, so
 * ten thousand rows cost the few dozen that are on screen.
 */
export function useRowWindow(body: RefObject<HTMLElement | null>, count: number, rowHeight: number, enabled: boolean, overscan = 12): { start: number; end: number } {
  const [range, setRange] = useState(() => ({ start: 0, end: enabled ? Math.min(count, 60) : count }));
  useLayoutEffect(() => {
    if (!enabled) {
      setRange({ start: 0, end: count });
      return;
    }
    let frame = 0;
    const measure = () => {
      frame = 0;
      const top = body.current?.getBoundingClientRect().top ?? 0;
      const next = rowWindow({ listTop: top, viewportHeight: window.innerHeight, rowHeight, count, overscan });
      setRange((current) => (current.start === next.start && current.end === next.end ? current : next));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      if (frame) cancelAnimationFrame(frame);
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
    };
  }, [body, count, rowHeight, enabled, overscan]);
  return range;
}
