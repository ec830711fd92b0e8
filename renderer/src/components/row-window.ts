/**
 * Which rows of a long list to render: those in the viewport, and
 * `overscan` more on either side, given where the list starts relative to
 * the top of the viewport (negative once scrolled past) and a fixed row height.
 *
 * `travel` is how far the list moved since the last window (px, positive
 * when scrolling down). A fling that moves further than the overscan in one
 * frame would skip every row rendered ahead, so then only the rows in view
 * and two ahead are rendered: the frame's work is what is seen, not three
 * times that. Once the list rests (travel 0) the full overscan is back.
 */
export function rowWindow(input: { listTop: number; viewportHeight: number; rowHeight: number; count: number; overscan: number; travel?: number }): { start: number; end: number } {
  const { listTop, viewportHeight, rowHeight, count, overscan, travel = 0 } = input;
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const firstVisible = Math.floor(Math.max(0, -listTop) / rowHeight);
  const lastVisible = Math.ceil(Math.max(0, viewportHeight - listTop) / rowHeight);
  const flung = Math.abs(travel) > overscan * rowHeight;
  const before = flung ? (travel < 0 ? 2 : 0) : overscan;
  const after = flung ? (travel > 0 ? 2 : 0) : overscan;
  const start = Math.min(count, Math.max(0, firstVisible - before));
  const end = Math.min(count, Math.max(start, lastVisible + after));
  return { start, end };
}
