import { fieldId } from '../components/field-id';
import { TextField, type TextFieldProps } from '../components/TextField';
import { fieldLabels } from './field-labels';
import type { SectionProps } from './section-props';
import { pinKeyOf, type FieldKey } from './settings-draft';

type Extra = Pick<TextFieldProps, 'hint' | 'type' | 'inputMode' | 'autoComplete' | 'placeholder' | 'short'>;

/** One setting as a labelled text field, wired to the draft, its error and its pin. */
export function SettingField({ name, section, ...extra }: { name: FieldKey; section: SectionProps } & Extra) {
  const pin = pinKeyOf(name);
  return (
    <TextField
      id={fieldId(name)}
      label={fieldLabels[name]}
      value={section.draft[name]}
      onChange={(value) => section.onChange(name, value)}
      error={section.errors[name]}
      pinned={pin !== null && section.pinned.includes(pin)}
      {...extra}
    />
  );
}
