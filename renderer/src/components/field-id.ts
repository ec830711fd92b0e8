/** A DOM id for a form field key such as "helpdesk.email". */
export function fieldId(key: string): string {
  return `field-${key.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/** Moves focus to a field (or the first input of its group), e.g. the first one with an error. */
export function focusField(key: string): void {
  const id = fieldId(key);
  const target = document.getElementById(id) ?? document.getElementById(`${id}-group`)?.querySelector('input');
  target?.focus();
}
