import type { ComponentType } from 'react';
import { BasicInput } from './BasicInput.tsx';
import { CheckboxInput } from './CheckboxInput.tsx';
import { CurrencyInput, GeolocationInput } from './CompoundInputs.tsx';
import { DateInput } from './DateInput.tsx';
import { NumberInput } from './NumberInput.tsx';
import { LookupInput, UserInput } from './ReferenceInputs.tsx';
import { MultiSelectInput, SelectInput } from './SelectInput.tsx';
import { RichTextInput } from './RichTextInput.tsx';
import { TextAreaInput } from './TextAreaInput.tsx';
import type { WidgetProps } from './types.ts';
import { AutoNumberInput } from './AutoNumberInput.tsx';
import { ColorInput, RatingInput } from './ChoiceInputs.tsx';
import { DurationInput, TimeInput } from './TimeInputs.tsx';
import { MarkdownInput } from './MarkdownInput.tsx';
import { TextListInput } from './TextListInput.tsx';
import { ComputedInput } from './ComputedInput.tsx';
import { FileInput, ImageInput, SignatureInput } from './FileInputs.tsx';
import { CompositeInput, CountryInput, TimeZoneInput } from './CompositeInput.tsx';
import { ManyToManyInput } from './ManyToManyInput.tsx';

/** The widget of every field type (all 47; formula and rollup show their computed value). */
export const WIDGETS: Record<string, ComponentType<WidgetProps>> = {
  text: BasicInput, email: BasicInput, phone: BasicInput, url: BasicInput, uuid: BasicInput,
  number: NumberInput, integer: NumberInput, percent: NumberInput, date: DateInput, dateTime: DateInput,
  longText: TextAreaInput, richText: RichTextInput, json: TextAreaInput,
  boolean: CheckboxInput,
  select: SelectInput, multiSelect: MultiSelectInput,
  currency: CurrencyInput, geolocation: GeolocationInput,
  lookup: LookupInput, masterDetail: LookupInput, user: UserInput,
  autoNumber: AutoNumberInput, rating: RatingInput, color: ColorInput, duration: DurationInput, time: TimeInput,
  markdown: MarkdownInput, tags: TextListInput, emails: TextListInput, phones: TextListInput, links: TextListInput,
  formula: ComputedInput, rollup: ComputedInput,
  file: FileInput, image: ImageInput, signature: SignatureInput,
  address: CompositeInput, fullName: CompositeInput, dateRange: CompositeInput, locationAddress: CompositeInput, country: CountryInput,
  // A tree's parent is picked as a lookup's record is (its target is its own object).
  tree: LookupInput,
  ipAddress: BasicInput, sequence: NumberInput, timeZone: TimeZoneInput,
  // Encrypted text is typed as text: the server encrypts it; reads come back decrypted for those who may read the field.
  encrypted: BasicInput,
  // Several records of the target, searched as a lookup's are.
  manyToMany: ManyToManyInput,
};

export const widgetFor = (type: string): ComponentType<WidgetProps> => WIDGETS[type] ?? BasicInput;
