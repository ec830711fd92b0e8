import { describe, expect, it } from 'vitest';
import { rowWindow } from '../../../renderer/src/components/row-window';
import { deviceComparator, sortFromQuery, sortToQuery } from '../../../renderer/src/pages/devices/device-sort';
import type { DeviceSummary } from '../../../contract/command-models';

describe('row window', () => {
  const base = { viewportHeight: 600, rowHeight: 60, count: 10_000, overscan: 5 };
  it('renders the rows in view and the overscan around them', () => {
    // The table starts 100 px below the top of the viewport: rows 0–9 show, plus 5 below.
    expect(rowWindow({ ...base, listTop: 100 })).toEqual({ start: 0, end: 14 });
    // Scrolled 6,000 px past its top: rows 100–110 show.
    expect(rowWindow({ ...base, listTop: -6_000 })).toEqual({ start: 95, end: 115 });
  });
  it('renders only the rows in view and two ahead while flung further than the overscan in a frame, and all of it at rest', () => {
    const at = { ...base, listTop: -6_000 };
    // 200 px a frame is within the 300 px overscan: its rows are used next frame, so they stay.
    expect(rowWindow({ ...at, travel: 200 })).toEqual({ start: 95, end: 115 });
    // 1,500 px a frame down: the rows in view (100–110) and two below; up: two above.
    expect(rowWindow({ ...at, travel: 1_500 })).toEqual({ start: 100, end: 112 });
    expect(rowWindow({ ...at, travel: -1_500 })).toEqual({ start: 98, end: 110 });
    expect(rowWindow({ ...at, travel: 0 })).toEqual({ start: 95, end: 115 });
  });
  it('stays inside the list at its end and when it is empty or short', () => {
    expect(rowWindow({ ...base, listTop: -600_000 })).toEqual({ start: 9_995, end: 10_000 });
    expect(rowWindow({ ...base, count: 3, listTop: 0 })).toEqual({ start: 0, end: 3 });
    expect(rowWindow({ ...base, count: 0, listTop: 0 })).toEqual({ start: 0, end: 0 });
    // Far below the viewport: nothing to show yet but the overscan.
    expect(rowWindow({ ...base, listTop: 5_000 })).toEqual({ start: 0, end: 5 });
  });
});

describe('device sort', () => {
  const device = (name: string, extra: Partial<DeviceSummary>) => ({ id: name, name, serialNumber: name, modelName: '', model: '', platform: 'ios', osVersion: '', fleetId: 'unassigned', enrollmentStatus: 'enrolled', lastSeenAt: '2026-01-01T00:00:00Z', pendingCommands: 0, ...extra }) as DeviceSummary;
  const list = [device('b', { lastSeenAt: '2026-03-01T00:00:00Z', fleetId: 'x' }), device('a', { lastSeenAt: '2026-02-01T00:00:00Z' }), device('c', { lastSeenAt: '2026-03-01T00:00:00Z' })];
  it('sorts by a column, ties by name, either way', () => {
    const fleetName = (id: string) => (id === 'x' ? 'Alpha' : 'Unassigned');
    expect([...list].sort(deviceComparator({ key: 'lastSeen', descending: true }, fleetName)).map((d) => d.id)).toEqual(['c', 'b', 'a']);
    expect([...list].sort(deviceComparator({ key: 'lastSeen', descending: false }, fleetName)).map((d) => d.id)).toEqual(['a', 'b', 'c']);
    expect([...list].sort(deviceComparator({ key: 'fleet', descending: false }, fleetName)).map((d) => d.id)).toEqual(['b', 'a', 'c']);
  });
  it('keeps the sort in the address, leaving the default out', () => {
    expect(sortToQuery({ key: 'name', descending: false }, new URLSearchParams()).toString()).toBe('');
    expect(sortToQuery({ key: 'lastSeen', descending: true }, new URLSearchParams()).toString()).toBe('sort=lastSeen&desc=1');
    expect(sortFromQuery(new URLSearchParams('sort=lastSeen&desc=1'))).toEqual({ key: 'lastSeen', descending: true });
    expect(sortFromQuery(new URLSearchParams('sort=bogus'))).toEqual({ key: 'name', descending: false });
  });
});
