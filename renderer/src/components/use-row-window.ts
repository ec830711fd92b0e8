import { useLayoutEffect, useState, type RefObject } from 'react';
import { rowWindow } from './row-window';

/**
 * The rows of a long table to render as the window scrolls: reads where the
 * table body is once per animation frame of scrolling or resizing, so
 * ten thousand rows cost the few dozen that are on screen (and a fling only
 * those in view, see rowWindow).
 */
export function useRowWindow(body: RefObject<HTMLElement | null>, count: number, rowHeight: number, enabled: boolean, overscan = 12): { start: number; end: number } {
  const [range, setRange] = useState(() => ({ start: 0, end: enabled ? Math.min(count, 60) : count }));
  useLayoutEffect(() => {
    if (!enabled) {
      setRange({ start: 0, end: count });
      return;
    }
    let frame = 0;
    let rest: ReturnType<typeof setTimeout> | undefined;
    let lastTop: number | null = null;
    const measure = (moving: boolean) => {
      frame = 0;
      const top = body.current?.getBoundingClientRect().top ?? 0;
      // A fling renders only what is in view; the rows around it follow once the scrolling rests.
      const travel = moving && lastTop !== null ? lastTop - top : 0;
      lastTop = top;
      const next = rowWindow({ listTop: top, viewportHeight: window.innerHeight, rowHeight, count, overscan, travel });
      setRange((current) => (current.start === next.start && current.end === next.end ? current : next));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(() => measure(true));
      clearTimeout(rest);
      rest = setTimeout(() => measure(false), 150);
    };
    measure(false);
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      clearTimeout(rest);
      if (frame) cancelAnimationFrame(frame);
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
    };
  }, [body, count, rowHeight, enabled, overscan]);
  return range;
}
