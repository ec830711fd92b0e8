/**
 * Which rows of a long list to render: those in the viewport, and
 * `overscan` more on either side, given where the list starts relative to
 * the top of the viewport (negative once scrolled past) and a fixed row height.
 */
export function rowWindow(input: { listTop: number; viewportHeight: number; rowHeight: number; count: number; overscan: number }): { start: number; end: number } {
  const { listTop, viewportHeight, rowHeight, count, overscan } = input;
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const firstVisible = Math.floor(Math.max(0, -listTop) / rowHeight);
  const lastVisible = Math.ceil(Math.max(0, viewportHeight - listTop) / rowHeight);
  const start = Math.min(count, Math.max(0, firstVisible - overscan));
  const end = Math.min(count, Math.max(start, lastVisible + overscan));
  return { start, end };
}
