/** A label as the forms edit it: English and Chinese text. */
export interface LabelPair { en: string; zh: string }

export function labelPair(label: unknown): LabelPair {
  if (typeof label === 'string') return { en: label, zh: '' };
  const map = (label ?? {}) as Record<string, string>;
  return { en: map.en ?? '', zh: map['zh-CN'] ?? '' };
}

/** The Label input of the metadata API, or undefined when both are empty (the platform derives one). */
export function labelInput(en: string, zh: string): Record<string, string> | undefined {
  const label: Record<string, string> = {};
  if (en.trim()) label.en = en.trim();
  if (zh.trim()) label['zh-CN'] = zh.trim();
  return Object.keys(label).length ? label : undefined;
}
