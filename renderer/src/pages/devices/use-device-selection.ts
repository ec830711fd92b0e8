import { useCallback, useMemo, useRef, useState } from 'react';
import type { DeviceSummary } from '../../../../contract/command-models';
import type { DeviceSelection } from './DeviceTable';

/**
 * Which of the shown devices are selected. Shift-click extends from the
 * last clicked row; "select all" takes every device the filters show. A
 * device that leaves the list (removed, or filtered out) leaves the selection.
 */
export function useDeviceSelection(shown: readonly DeviceSummary[]): DeviceSelection & { ids: string[]; clear(): void } {
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const anchor = useRef<number | null>(null);
  const selected = useMemo(() => new Set(shown.filter((device) => picked.has(device.id)).map((device) => device.id)), [shown, picked]);

  const toggle = useCallback(
    (index: number, shift: boolean) => {
      const device = shown[index];
      if (!device) return;
      const on = !selected.has(device.id);
      const from = shift && anchor.current !== null ? Math.min(anchor.current, index) : index;
      const to = shift && anchor.current !== null ? Math.max(anchor.current, index) : index;
      const next = new Set(selected);
      for (let i = from; i <= to; i += 1) {
        const id = shown[i]?.id;
        if (!id) continue;
        if (on) next.add(id);
        else next.delete(id);
      }
      anchor.current = index;
      setPicked(next);
    },
    [shown, selected],
  );
  const toggleAll = useCallback(() => {
    anchor.current = null;
    setPicked(shown.length > 0 && shown.every((device) => selected.has(device.id)) ? new Set() : new Set(shown.map((device) => device.id)));
  }, [shown, selected]);
  const clear = useCallback(() => {
    anchor.current = null;
    setPicked(new Set());
  }, []);
  return { selected, toggle, toggleAll, clear, ids: [...selected] };
}
