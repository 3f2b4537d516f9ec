/** A label as authored: a string in the default locale, or a map of locales (`{"en": "Lead", "zh-CN": "线索"}`). */
export type LabelInput = string | Record<string, string>;
/** A label as resolved: always a map with at least the default locale. */
export type Label = Record<string, string>;

export const DEFAULT_LOCALE = 'en';
export const SUPPORTED_LOCALES = ['en', 'zh-CN'] as const;

export function resolveLabel(input: LabelInput | undefined, fallback: string): Label {
  if (input === undefined || input === null) return { [DEFAULT_LOCALE]: fallback };
  if (typeof input === 'string') return { [DEFAULT_LOCALE]: input };
  const label = { ...input };
  if (!label[DEFAULT_LOCALE]) label[DEFAULT_LOCALE] = Object.values(input)[0] ?? fallback;
  return label;
}

/** The label in `locale`, falling back to its language, then the default locale. */
export function localize(label: Label, locale: string | undefined): string {
  if (locale) {
    if (label[locale]) return label[locale];
    const lang = locale.split('-')[0];
    const match = Object.keys(label).find((k) => k.split('-')[0] === lang);
    if (match) return label[match];
  }
  return label[DEFAULT_LOCALE] ?? Object.values(label)[0] ?? '';
}

/** Turns an API name into a readable default label: `annualRevenue` → `Annual revenue`. */
export function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
