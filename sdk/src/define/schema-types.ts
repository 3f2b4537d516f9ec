// Generated from the JSON Schemas GET /metadata/schema publishes (sdk/src/define/schema-to-ts.ts):
// do not edit. sdk/test/define.test.ts checks it is current; UPDATE_GOLDEN=1 rewrites it.
/* eslint-disable */

/** A label: a string in the default locale (en), or a map of locale to text. */
export type Label = string | Record<string, string>;

/** The properties every field has, whatever its type. */
export type FieldCommon = {
  /** API name: lower camel case, letters and digits, optionally after a namespace and two underscores (k12__grade), at most 63 characters. */
  name: string;
  label?: Label;
  description?: string;
  helpText?: string;
  required?: boolean;
  unique?: boolean;
  /** Global search matches the field (text, longText, email, phone and url fields; a trigram index is built for it). The object's title field (its `name`, else its first text, email, phone or url field) is searched unless this is false. */
  searchable?: boolean;
  defaultValue?: unknown;
  /** An expression giving the value when a create leaves the field out, e.g. ADDDAYS(TODAY(), 30), $User.email, or other fields of the input; checked against the field's type. Not with defaultValue. */
  defaultExpression?: string;
};

/** The field type names (the `type` of a field). */
export type FieldTypeName = "text" | "longText" | "richText" | "integer" | "number" | "currency" | "percent" | "boolean" | "date" | "dateTime" | "email" | "phone" | "url" | "select" | "multiSelect" | "json" | "uuid" | "geolocation" | "lookup" | "masterDetail" | "user" | "autoNumber" | "rating" | "color" | "duration" | "time" | "markdown" | "tags" | "emails" | "phones" | "links" | "formula" | "rollup" | "file" | "image" | "signature" | "address" | "fullName" | "dateRange" | "country" | "locationAddress" | "tree" | "ipAddress" | "sequence" | "timeZone" | "encrypted" | "manyToMany";

/** Each field type's own properties, by type name. */
export interface FieldTypeProperties {
  text: TextFieldProperties;
  longText: LongTextFieldProperties;
  richText: RichTextFieldProperties;
  integer: IntegerFieldProperties;
  number: NumberFieldProperties;
  currency: CurrencyFieldProperties;
  percent: PercentFieldProperties;
  boolean: BooleanFieldProperties;
  date: DateFieldProperties;
  dateTime: DateTimeFieldProperties;
  email: EmailFieldProperties;
  phone: PhoneFieldProperties;
  url: UrlFieldProperties;
  select: SelectFieldProperties;
  multiSelect: MultiSelectFieldProperties;
  json: JsonFieldProperties;
  uuid: UuidFieldProperties;
  geolocation: GeolocationFieldProperties;
  lookup: LookupFieldProperties;
  masterDetail: MasterDetailFieldProperties;
  user: UserFieldProperties;
  autoNumber: AutoNumberFieldProperties;
  rating: RatingFieldProperties;
  color: ColorFieldProperties;
  duration: DurationFieldProperties;
  time: TimeFieldProperties;
  markdown: MarkdownFieldProperties;
  tags: TagsFieldProperties;
  emails: EmailsFieldProperties;
  phones: PhonesFieldProperties;
  links: LinksFieldProperties;
  formula: FormulaFieldProperties;
  rollup: RollupFieldProperties;
  file: FileFieldProperties;
  image: ImageFieldProperties;
  signature: SignatureFieldProperties;
  address: AddressFieldProperties;
  fullName: FullNameFieldProperties;
  dateRange: DateRangeFieldProperties;
  country: CountryFieldProperties;
  locationAddress: LocationAddressFieldProperties;
  tree: TreeFieldProperties;
  ipAddress: IpAddressFieldProperties;
  sequence: SequenceFieldProperties;
  timeZone: TimeZoneFieldProperties;
  encrypted: EncryptedFieldProperties;
  manyToMany: ManyToManyFieldProperties;
}

/** One field of an object. The properties below are common to every type; each type adds its own (see tessera:field-type/<type>). */
export type FieldDefinition = { [T in FieldTypeName]: FieldCommon & { type: T } & FieldTypeProperties[T] }[FieldTypeName];

export type TextFieldProperties = {
  /** Longest value accepted, in characters (default 255). */
  maxLength?: number;
  defaultValue?: string;
};

export type LongTextFieldProperties = {
  /** Longest value accepted, in characters (default 131072). */
  maxLength?: number;
  defaultValue?: string;
};

export type RichTextFieldProperties = {
  /** Longest value accepted, in characters of HTML (default 131072). */
  maxLength?: number;
  defaultValue?: string;
};

export type IntegerFieldProperties = {
  defaultValue?: number;
};

export type NumberFieldProperties = {
  /** Total digits (default 18). */
  precision?: number;
  /** Digits after the decimal point (default 2). */
  scale?: number;
  defaultValue?: number;
};

export type CurrencyFieldProperties = {
  /** Total digits of the amount (default 18). */
  precision?: number;
  /** Digits of the amount after the decimal point (default 2). */
  scale?: number;
  /** ISO 4217 code used when a value comes without one (default USD). */
  currencyCode?: string;
  defaultValue?: {
    amount: number;
    currency?: string;
  };
};

export type PercentFieldProperties = {
  /** Total digits (default 5). */
  precision?: number;
  /** Digits after the decimal point (default 2). */
  scale?: number;
  /** In percent: 12.5 means 12.5%. */
  defaultValue?: number;
};

export type BooleanFieldProperties = {
  defaultValue?: boolean;
};

export type DateFieldProperties = {
  defaultValue?: string;
};

export type DateTimeFieldProperties = {
  defaultValue?: string;
};

export type EmailFieldProperties = {
  /** Longest address accepted, in characters (default 254). */
  maxLength?: number;
  defaultValue?: string;
};

export type PhoneFieldProperties = {
  /** Longest number accepted, in characters (default 40). */
  maxLength?: number;
  defaultValue?: string;
};

export type UrlFieldProperties = {
  /** Longest URL accepted, in characters (default 2048). */
  maxLength?: number;
  defaultValue?: string;
};

export type SelectFieldProperties = {
  /** The allowed values, in display order. */
  options: Array<{
    /** Stored value (keep it stable; relabel instead). Any text without leading or trailing spaces; one that is no GraphQL name has a mapped enum value name in the data API. */
    value: string;
    /** Display label (default: the value). */
    label?: string | Record<string, string>;
    color?: string;
    /** With trackStages: the chance (percent) that a record at this stage is won; the weighted forecast multiplies amounts by it (absent: by the stage's place among the open stages). */
    probability?: number;
    /** With trackStages: this stage closes the record as won or lost. Lost stages are no funnel steps; entering a won stage is a closed sale in the forecast's history. */
    outcome?: "won" | "lost";
  }>;
  /** One of the option values. */
  defaultValue?: string;
  /** Keep this field's stage history (entered and left times, on every write path) for funnels, time in stage and forecasts. Turning it on back-fills each record's current stage. */
  trackStages?: boolean;
};

export type MultiSelectFieldProperties = {
  /** The allowed values, in display order. */
  options: Array<{
    /** Stored value (keep it stable; relabel instead). Any text without leading or trailing spaces; one that is no GraphQL name has a mapped enum value name in the data API. */
    value: string;
    /** Display label (default: the value). */
    label?: string | Record<string, string>;
    color?: string;
  }>;
  /** Option values selected by default. */
  defaultValue?: string[];
};

export type JsonFieldProperties = {
  /** Any JSON value. */
  defaultValue?: unknown;
};

export type UuidFieldProperties = {
  defaultValue?: string;
};

export type GeolocationFieldProperties = {
  defaultValue?: {
    lat: number;
    lng: number;
  };
};

export type LookupFieldProperties = {
  /** API name of the object looked up. */
  target: string;
  /** What deleting the target record does to this one (default setNull). */
  onDelete?: "setNull" | "restrict" | "cascade";
  /** Name of the reverse connection on the target. */
  relationName?: string;
  defaultValue?: string;
};

export type MasterDetailFieldProperties = {
  /** API name of the master object. */
  target: string;
  /** Name of the reverse connection on the master. */
  relationName?: string;
  defaultValue?: string;
};

export type UserFieldProperties = {
  /** Id of a tenant user. */
  defaultValue?: string;
};

export type AutoNumberFieldProperties = {
  /** How numbers read, e.g. INV-{YYYY}-{00000}: text, date tokens {YYYY} {YY} {MM} {DD} (the create's date in the tenant's time zone) and one counter {0…0} (zero-padded to its width). The counter restarts each period the date tokens name (day, month or year). */
  format: string;
};

export type RatingFieldProperties = {
  /** The highest rating (default 5); ratings are whole numbers from 1. */
  max?: number;
  defaultValue?: number;
};

export type ColorFieldProperties = {
  defaultValue?: string;
};

export type DurationFieldProperties = {
  /** In seconds. */
  defaultValue?: number;
};

export type TimeFieldProperties = {
  defaultValue?: string;
};

export type MarkdownFieldProperties = {
  /** Longest value accepted, in characters of Markdown (default 131072). */
  maxLength?: number;
  defaultValue?: string;
};

export type TagsFieldProperties = {
  /** Tags a new record gets. */
  defaultValue?: string[];
};

export type EmailsFieldProperties = {
  defaultValue?: string[];
};

export type PhonesFieldProperties = {
  defaultValue?: string[];
};

export type LinksFieldProperties = {
  defaultValue?: string[];
};

export type FormulaFieldProperties = {
  /** The expression computing the value from the record (docs: Expressions), e.g. IF(score >= 60, "hot", "cold"). */
  expression: string;
  /** The type of the value; the expression must give it (or NULL). */
  returnType: "number" | "text" | "boolean" | "date" | "dateTime";
};

export type RollupFieldProperties = {
  /** The children: <child object>.<its lookup or masterDetail field pointing to this object>, e.g. opportunity.account. */
  relation: string;
  /** COUNT of the children, or SUM, MIN, MAX, AVG of their `field` (records where it is empty left out). */
  aggregate: "COUNT" | "SUM" | "MIN" | "MAX" | "AVG";
  /** The child's number field aggregated (not for COUNT). */
  field?: string;
  /** Only children for which this expression (over the child's own fields) is TRUE, e.g. stage = "won". */
  filter?: string;
};

export type FileFieldProperties = {
  /** The largest file in bytes (default 10 MB; never above the server's TESSERA_MAX_FILE_BYTES). */
  maxSize?: number;
  /** MIME types the field takes (`application/pdf`, `image/*`); default any. */
  accept?: string[];
};

export type ImageFieldProperties = {
  /** The largest file in bytes (default 10 MB; never above the server's TESSERA_MAX_FILE_BYTES). */
  maxSize?: number;
  /** MIME types the field takes (`application/pdf`, `image/*`); default PNG, JPEG, GIF and WebP; only those raster types (never SVG). */
  accept?: string[];
};

export type SignatureFieldProperties = {
  /** The largest signature image in bytes (default 512 kB). */
  maxSize?: number;
  /** Always PNG: what the studio's pad draws. */
  accept?: "image/png"[];
};

export type AddressFieldProperties = {
  defaultValue?: {
    street?: string;
    city?: string;
    region?: string;
    postalCode?: string;
    country?: string;
  };
};

export type FullNameFieldProperties = Record<string, unknown>;

export type DateRangeFieldProperties = Record<string, unknown>;

export type CountryFieldProperties = {
  defaultValue?: string;
};

export type LocationAddressFieldProperties = Record<string, unknown>;

export type TreeFieldProperties = {
  /** Set by the platform: the field's own object. */
  target?: string;
  /** What deleting a parent does to its children (default setNull: they become roots). */
  onDelete?: "setNull" | "restrict" | "cascade";
  /** Name of the children connection (default the object's plural). */
  relationName?: string;
  defaultValue?: string;
};

export type IpAddressFieldProperties = {
  defaultValue?: string & (unknown | unknown);
};

export type SequenceFieldProperties = {
  /** A lookup or master-detail field of the same object: positions count per parent (absent: per object). */
  scope?: string;
};

export type TimeZoneFieldProperties = {
  defaultValue?: string;
};

export type EncryptedFieldProperties = {
  /** Longest value in characters (default 1000). */
  maxLength?: number;
};

export type ManyToManyFieldProperties = {
  /** API name of the object linked to (the field's own object for a self relation). */
  target: string;
  /** Name of the reverse connection on the target (default: the plural of this object). */
  relationName?: string;
};

/** Index definition */
export type Index = {
  fields: string[];
  unique?: boolean;
  name?: string;
};

/** Object definition */
export type ObjectDefinition = {
  /** API name: lower camel case, letters and digits, optionally after a namespace and two underscores (k12__lesson), at most 63 characters. */
  name: string;
  label?: Label;
  pluralLabel?: Label;
  description?: string;
  fields?: FieldDefinition[];
  indexes?: Index[];
  /** Who sees records by default: PRIVATE (owners, their managers, shares and sharing rules), PUBLIC_READ, or PUBLIC_READ_WRITE (the default). */
  sharing?: "PRIVATE" | "PUBLIC_READ" | "PUBLIC_READ_WRITE";
  /** The record form: sections of fields in columns. Absent: one section with every field, in two columns. */
  layout?: {
    sections: Array<{
      label?: Label;
      columns?: number;
      fields: Array<{
        field: string;
        /** Required on this form even when the field is optional. */
        required?: boolean;
        /** Shown but not editable on this form. */
        readOnly?: boolean;
      }>;
    }>;
  };
  /** The default columns of the object's list view, in order. Absent: the first fields. */
  listColumns?: Array<{
    field: string;
    width?: number;
  }>;
};

/** A place in the role hierarchy (a manager sees what the people below see) and the permissions it grants. Users are assigned roles by the metadata API, not by documents. */
export type Role = {
  name: string;
  /** The parent role's name. */
  parent?: string;
  objectPermissions?: Array<{
    object: string;
    read?: boolean;
    create?: boolean;
    update?: boolean;
    delete?: boolean;
    viewAll?: boolean;
    modifyAll?: boolean;
  }>;
  fieldPermissions?: Array<{
    object: string;
    field: string;
    read?: boolean;
    update?: boolean;
  }>;
  capabilities?: Array<"manageMetadata" | "manageUsers" | "manageApps" | "importData" | "exportData" | "manageWorkflows">;
};

/** Permissions granted to the users it is assigned to, on top of their role. Assignments are made by the metadata API, not by documents. */
export type PermissionSet = {
  name: string;
  objectPermissions?: Array<{
    object: string;
    read?: boolean;
    create?: boolean;
    update?: boolean;
    delete?: boolean;
    viewAll?: boolean;
    modifyAll?: boolean;
  }>;
  fieldPermissions?: Array<{
    object: string;
    field: string;
    read?: boolean;
    update?: boolean;
  }>;
  capabilities?: Array<"manageMetadata" | "manageUsers" | "manageApps" | "importData" | "exportData" | "manageWorkflows">;
};

/** A public group: its members are shared with as one (by sharing rules and manual shares). */
export type Group = {
  name: string;
  members?: Array<{
    /** The user's e-mail; the user must exist in the tenant. */
    user?: string;
    role?: string;
    roleAndSubordinates?: string;
    group?: string;
  }>;
};

/** Shares the records of an object that match a filter (as in the data API) with a role, a role and its subordinates, a group or a user. */
export type SharingRule = {
  /** Unique in the tenant. */
  name: string;
  object: string;
  /** A filter as in the data API, e.g. {"region": {"eq": "north"}}. */
  filter: Record<string, unknown>;
  /** Exactly one: {"role": name}, {"roleAndSubordinates": name}, {"group": name} or {"user": e-mail}. */
  shareWith: {
    /** The user's e-mail; the user must exist in the tenant. */
    user?: string;
    role?: string;
    roleAndSubordinates?: string;
    group?: string;
  };
  access: "READ" | "READ_WRITE";
};

/** A list view shared with the whole tenant: an object's records filtered, sorted and shown in columns. Named by object and name; personal views are their owners' and are not in documents. */
export type ListView = {
  /** The object listed. */
  object: string;
  /** Unique among the object's shared views. */
  name: string;
  /** Conditions, ANDed, as the studio's filter builder keeps them. */
  filters?: Array<{
    field: string;
    op: string;
    value?: string;
    extra?: string;
  }>;
  sort?: {
    field: string;
    direction: "ASC" | "DESC";
  } | null;
  /** Field names, in order; absent: the object's default columns. */
  columns?: string[] | null;
};

/** A named dashboard: chart blocks over objects' aggregates, run by each viewer with their own rights. */
export type Dashboard = {
  name: string;
  blocks: Array<{
    type: "chart" | "funnel" | "forecast";
  }>;
};

/** A named group of objects with its own navigation in the studio (Sales, Service, K12…), chosen from the app switcher. Objects in no app stay reachable from setup. */
export type App = {
  /** API name: a lower-case letter, then letters and digits, optionally after a namespace and two underscores (k12__school). */
  name: string;
  label?: Label;
  /** The objects it shows, in navigation order; each must exist. */
  objects: string[];
};

export type DuplicateRuleCondition = DuplicateRuleField | ({
  and: DuplicateRuleCondition[];
}) | ({
  or: DuplicateRuleCondition[];
});

export type DuplicateRuleField = {
  field: string;
  /** exact: equal values; normalized: equal after normalizing both; fuzzy: trigram similarity at least threshold. */
  match: "exact" | "normalized" | "fuzzy";
  /** normalized only. phone: digits only; email: trimmed, lower-case; text: trimmed, lower-case, spaces collapsed. Default by the field type. */
  normalizer?: "phone" | "email" | "text";
  /** normalized phone only: the calling code taken off numbers written internationally (+86 …, 0086…). */
  countryCode?: string;
  /** fuzzy only: the least similarity (0..1, default 0.6). */
  threshold?: number;
};

/** When two live records of an object are the same (field matches combined with and/or), and what a write that makes such a pair does: BLOCK refuses it; WARN refuses it unless the write says allowDuplicates: true. */
export type DuplicateRule = {
  /** API name, unique in the tenant (errors and matches name the rule by it). */
  name: string;
  /** The object whose records it compares. */
  object: string;
  label?: Label;
  /** BLOCK: a duplicate is refused. WARN: refused unless the write says allowDuplicates: true. */
  action?: "BLOCK" | "WARN";
  active?: boolean;
  match: DuplicateRuleCondition;
};

/** A condition every record of an object must meet when it is saved. `assert` is an expression that must hold: a save for which it is FALSE is refused VALIDATION_FAILED with `message`, on `field` (else on the record); TRUE or NULL (an unknown value) passes. PRIORVALUE(field) and ISCHANGED(field) read the record before an update. */
export type ValidationRule = {
  /** API name, unique in the tenant (refusals name the rule by it). */
  name: string;
  /** The object whose records it checks. */
  object: string;
  /** An expression giving a boolean that must hold, e.g. DISTANCE(checkInAt, terminal.location) <= 200. FALSE refuses the save; TRUE and NULL pass. */
  assert: string;
  /** What a refusal says: a text (English) or a map of locale to text ({"en": "…", "zh": "…"}); the caller's locale picks one. */
  message: string | Record<string, string>;
  /** The field the refusal is shown on (its JSON pointer); absent: the record as a whole. */
  field?: string;
  /** The writes it checks: creates, updates, or both. */
  on?: "create" | "update" | "both";
  /** An inactive rule is kept but checks nothing. */
  active?: boolean;
};

/** A script's source (triggers and actions), compiled and type-checked against the tenant's objects when applied. A document carries each script's active version. */
export type Script = {
  name: string;
  /** TypeScript (the default) or JavaScript. */
  language?: "TS" | "JS";
  source: string;
};

/** Working hours per weekday in a time zone, with public holidays and make-up working days (调休): what waits, escalations and dispatch count as business time. */
export type BusinessCalendar = {
  /** API name; "default" is the one used when none is named. */
  name: string;
  label?: Label;
  /** IANA time zone the hours are in. */
  timeZone?: string;
  hours?: {
    /** Working spans of the day, local time: "09:00-12:00". Empty or absent: a day off. */
    sun?: string[];
    /** Working spans of the day, local time: "09:00-12:00". Empty or absent: a day off. */
    mon?: string[];
    /** Working spans of the day, local time: "09:00-12:00". Empty or absent: a day off. */
    tue?: string[];
    /** Working spans of the day, local time: "09:00-12:00". Empty or absent: a day off. */
    wed?: string[];
    /** Working spans of the day, local time: "09:00-12:00". Empty or absent: a day off. */
    thu?: string[];
    /** Working spans of the day, local time: "09:00-12:00". Empty or absent: a day off. */
    fri?: string[];
    /** Working spans of the day, local time: "09:00-12:00". Empty or absent: a day off. */
    sat?: string[];
  };
  /** CN: mainland China's public holidays and make-up days, from the chinese-days data package. */
  publicHolidays?: "CN" | "none";
  /** Extra days off. */
  holidays?: Array<{
    date: string;
    name?: string;
  }>;
  /** Extra make-up working days. */
  workdays?: Array<{
    date: string;
    name?: string;
  }>;
  /** The weekday whose hours a make-up working day has. */
  makeUpHours?: "sun" | "mon" | "tue" | "wed" | "thu" | "fri" | "sat";
};

/** How forecast(object, period) reads an object (its stage, amount and close date fields) and each rep's target per period, which it reports attainment against. */
export type Forecast = {
  object: string;
  stageField?: string;
  amountField?: string;
  closeDateField?: string;
  historyPeriods?: number;
  targets?: Array<{
    /** The rep's e-mail. */
    user: string;
    /** 2025-03 (month), 2025-Q2 (quarter) or 2025 (year). */
    period: string;
    amount: number;
  }>;
};

/** A trigger and steps: what happens, durably and once, when records change, at times, or on request. */
export type Workflow = {
  name: string;
  label?: Label;
  description?: string;
  object?: string;
  active?: boolean;
  calendar?: string;
  runAs?: string;
  secret?: string;
  trigger: ({
    type: "record";
    on: Array<"create" | "update" | "delete">;
    fields?: string[];
    /** An expression over the run's record (the expression language). */
    condition?: string;
  }) | ({
    type: "date";
    field: string;
    /** After the field's time (default none): PT24H. */
    offset?: string;
    business?: boolean;
    /** An expression over the run's record (the expression language). */
    condition?: string;
  }) | ({
    type: "cron";
    cron: string;
    timeZone?: string;
  }) | ({
    type: "manual";
  }) | ({
    type: "webhook";
  }) | ({
    type: "approval";
    flows?: string[];
    outcomes?: Array<"approved" | "rejected" | "withdrawn" | "terminated">;
  });
  steps: Array<({
    id: string;
    type: "branch";
    label?: string;
    next?: string;
    branches: Array<{
      /** An expression over the run's record (the expression language). */
      when: string;
      next: string;
    }>;
    otherwise?: string;
  }) | ({
    id: string;
    type: "update";
    label?: string;
    next?: string;
    object?: string;
    /** The record's id (default the run's record). */
    record?: unknown;
    filter?: Record<string, unknown>;
    data: Record<string, unknown>;
  }) | ({
    id: string;
    type: "create";
    label?: string;
    next?: string;
    object: string;
    data: Record<string, unknown>;
  }) | ({
    id: string;
    type: "command";
    label?: string;
    next?: string;
    command: string;
    object?: string;
    /** The record's id (default the run's record). */
    record?: unknown;
    input?: Record<string, unknown>;
  }) | ({
    id: string;
    type: "script";
    label?: string;
    next?: string;
    action: string;
    object?: string;
    /** The record's id (default the run's record). */
    record?: unknown;
    input?: Record<string, unknown>;
  }) | ({
    id: string;
    type: "notify";
    label?: string;
    next?: string;
    to: unknown[];
    /** A literal, or {"expr": "…"} evaluated over the run's record. */
    title: unknown;
    /** A literal, or {"expr": "…"} evaluated over the run's record. */
    body?: unknown;
    email?: boolean;
  }) | ({
    id: string;
    type: "webhook";
    label?: string;
    next?: string;
    url: string;
    method?: "POST" | "PUT";
    body?: Record<string, unknown>;
  }) | ({
    id: string;
    type: "wait";
    label?: string;
    next?: string;
    /** ISO 8601 duration: PT24H, P15D. */
    duration?: string;
    business?: boolean;
    /** An expression over the run's record (the expression language). */
    until?: string;
    /** An expression over the run's record (the expression language). */
    condition?: string;
    /** ISO 8601 duration: PT24H, P15D. */
    timeout?: string;
  }) | ({
    id: string;
    type: "forEach";
    label?: string;
    next?: string;
    object: string;
    filter?: Record<string, unknown>;
    workflow: string;
    max?: number;
  }) | ({
    id: string;
    type: "callWorkflow";
    label?: string;
    next?: string;
    workflow: string;
    wait?: boolean;
  }) | ({
    id: string;
    type: "startApproval";
    label?: string;
    next?: string;
    /** The approval flow (default: the first active one whose entry criteria hold). */
    flow?: string;
    object?: string;
    /** The record's id (default the run's record). */
    record?: unknown;
  })>;
};

/** Who approves a record, in which order and how: nodes of approvers (sequential, 会签, 或签, 票签), CC, timeouts and outcomes. */
export type ApprovalFlow = {
  name: string;
  label?: Label;
  description?: string;
  object: string;
  active?: boolean;
  order?: number;
  /** An expression over the record (the expression language). */
  entryCriteria?: string;
  calendar?: string;
  cc?: Array<({
    type: "user";
    /** The votes this approver carries in a vote node (default 1). */
    weight?: number;
    users: string[];
  }) | ({
    type: "role";
    /** The votes this approver carries in a vote node (default 1). */
    weight?: number;
    role: string;
  }) | ({
    type: "manager";
    /** The votes this approver carries in a vote node (default 1). */
    weight?: number;
    /** The submitter's manager (1), their manager (2), … */
    depth?: number;
  }) | ({
    type: "field";
    /** The votes this approver carries in a vote node (default 1). */
    weight?: number;
    /** A user field of the record, or lookup.userField of a related record. */
    field: string;
  }) | ({
    type: "group";
    /** The votes this approver carries in a vote node (default 1). */
    weight?: number;
    /** A group: one task its members claim. */
    group: string;
  })>;
  onSubmit?: {
    update?: Record<string, unknown>;
  };
  onApproved?: {
    update?: Record<string, unknown>;
  };
  onRejected?: {
    update?: Record<string, unknown>;
  };
  nodes: Array<{
    id: string;
    label?: Label;
    mode: "sequential" | "all" | "any" | "vote";
    threshold?: number;
    approvers: Array<({
      type: "user";
      /** The votes this approver carries in a vote node (default 1). */
      weight?: number;
      users: string[];
    }) | ({
      type: "role";
      /** The votes this approver carries in a vote node (default 1). */
      weight?: number;
      role: string;
    }) | ({
      type: "manager";
      /** The votes this approver carries in a vote node (default 1). */
      weight?: number;
      /** The submitter's manager (1), their manager (2), … */
      depth?: number;
    }) | ({
      type: "field";
      /** The votes this approver carries in a vote node (default 1). */
      weight?: number;
      /** A user field of the record, or lookup.userField of a related record. */
      field: string;
    }) | ({
      type: "group";
      /** The votes this approver carries in a vote node (default 1). */
      weight?: number;
      /** A group: one task its members claim. */
      group: string;
    })>;
    /** An expression over the record (the expression language). */
    condition?: string;
    cc?: Array<({
      type: "user";
      /** The votes this approver carries in a vote node (default 1). */
      weight?: number;
      users: string[];
    }) | ({
      type: "role";
      /** The votes this approver carries in a vote node (default 1). */
      weight?: number;
      role: string;
    }) | ({
      type: "manager";
      /** The votes this approver carries in a vote node (default 1). */
      weight?: number;
      /** The submitter's manager (1), their manager (2), … */
      depth?: number;
    }) | ({
      type: "field";
      /** The votes this approver carries in a vote node (default 1). */
      weight?: number;
      /** A user field of the record, or lookup.userField of a related record. */
      field: string;
    }) | ({
      type: "group";
      /** The votes this approver carries in a vote node (default 1). */
      weight?: number;
      /** A group: one task its members claim. */
      group: string;
    })>;
    timeout?: {
      after: string;
      business?: boolean;
      action: "escalate" | "approve" | "reject";
    };
  }>;
};

/** A public pool (公海) of an object and the rules of the private pools (私海) its records enter: cap, daily claim quota, cooldown, first follow-up, overdue, reminders, follow-ups, transfers. */
export type Pool = {
  name: string;
  label?: Label;
  description?: string;
  object: string;
  default?: boolean;
  members?: Array<({
    type: "user";
    users: string[];
  }) | ({
    type: "role";
    role: string;
  }) | ({
    type: "group";
    group: string;
  })>;
  managers?: Array<({
    type: "user";
    users: string[];
  }) | ({
    type: "role";
    role: string;
  }) | ({
    type: "group";
    group: string;
  })>;
  privateCap?: number;
  dailyClaimQuota?: number;
  /** ISO 8601 duration (PT24H, P15D). */
  reclaimCooldown?: string;
  /** ISO 8601 duration (PT24H, P15D). */
  firstFollowUp?: string;
  /** ISO 8601 duration (PT24H, P15D). */
  overdue?: string;
  /** ISO 8601 duration (PT24H, P15D). */
  remindBefore?: string;
  followUp?: {
    activities?: Array<{
      object: string;
      field: string;
    }>;
    fields?: string[];
  };
  transfers?: Array<{
    when: string;
    to: string;
  }>;
  releaseReasons?: string[];
  timeZone?: string;
};

/** Moves a record of an object to the next stage's team (a pool, field values, then the assignment rules) when it meets the criteria, inside a business calendar's working hours (派单). */
export type DispatchRule = {
  name: string;
  label?: Label;
  description?: string;
  object: string;
  order?: number;
  active?: boolean;
  when?: string;
  requiredFields?: string[];
  score?: {
    field: string;
    min: number;
  };
  pool?: string;
  set?: Record<string, unknown>;
  assign?: boolean;
  calendar?: string;
};

/** One rule giving records of an object to a rep (分配): a condition and a strategy (roundRobin, loadBalanced, named, bestToBest) over a team, within caps. */
export type AssignmentRule = {
  name: string;
  label?: Label;
  description?: string;
  object: string;
  order?: number;
  active?: boolean;
  when?: string;
  strategy: "roundRobin" | "loadBalanced" | "named" | "bestToBest";
  team?: Array<({
    type: "user";
    users: string[];
  }) | ({
    type: "role";
    role: string;
  }) | ({
    type: "group";
    group: string;
  })>;
  userField?: string;
  capacity?: number;
  capacities?: Array<{
    user: string;
    capacity: number;
  }>;
  scoreField?: string;
  scoreRange?: {
    min: number;
    max: number;
  };
  performance?: {
    object: string;
    measure: "amount" | "conversion";
    field: string;
    won: string[];
    amountField?: string;
    window?: string;
  };
};

/** Points by criteria and by activity, summed into a stored number field of the object, recomputed on change. */
export type ScoringRule = {
  name: string;
  label?: Label;
  description?: string;
  object: string;
  field: string;
  active?: boolean;
  criteria?: Array<{
    label?: string;
    when: string;
    points: number;
  }>;
  activities?: Array<{
    label?: string;
    object: string;
    field: string;
    when?: string;
    points: number;
    /** ISO 8601 duration (P30D). */
    within?: string;
    dateField?: string;
    max?: number;
  }>;
};

/** A re-inquiry (a duplicate-rule match on create) of a record in a public pool or marked dormant reactivates it: values merged, a note added, back to its last owner, the team notified. */
export type Reactivation = {
  name: string;
  label?: Label;
  object: string;
  active?: boolean;
  rules?: string[];
  dormant?: {
    field: string;
    values: Array<string | number | boolean>;
  };
  update?: string[];
  set?: Record<string, unknown>;
  note?: {
    object: string;
    field: string;
    values?: Record<string, unknown>;
    textField?: string;
  };
  returnTo?: "lastOwner" | "pool";
  notify?: string[];
};

/** Converts a record (a lead) into records of other objects (account, contact, opportunity) by a field mapping, in one transaction through the save pipeline. */
export type Conversion = {
  name: string;
  object: string;
  label?: {
    en: string;
    zh?: string;
  };
  active?: boolean;
  targets: Array<{
    name: string;
    object: string;
    required?: boolean;
    fields: Record<string, ({
      field: string;
    }) | ({
      expr: string;
    }) | ({
      target: string;
    }) | ({
      value: unknown;
    })>;
  }>;
  source?: {
    set?: Record<string, ({
      field: string;
    }) | ({
      expr: string;
    }) | ({
      target: string;
    }) | ({
      value: unknown;
    })>;
    lock?: boolean;
  };
  moves?: Array<{
    object: string;
    lookup: string;
    set: Record<string, string>;
  }>;
};

/** An HTTP POST, HMAC-signed, of each change of an object's records (by event, optionally only when given fields change), retried with backoff, logged. */
export type Webhook = {
  name: string;
  label?: Label;
  description?: string;
  object: string;
  events: Array<"create" | "update" | "delete" | "restore">;
  /** Updates are delivered only when one of these changed. */
  fields?: string[];
  /** http or https; private and loopback addresses are refused unless the platform allows them (TESSERA_WEBHOOKS_ALLOW_PRIVATE). */
  url: string;
  secret: string;
  active?: boolean;
  maxAttempts?: number;
  retryDelaySeconds?: number;
  timeoutSeconds?: number;
};

/** A public web-to-lead form: POST /forms/<tenant slug>/<form name> (JSON or urlencoded) creates a record of its object through the save pipeline (validation, duplicate rules, reactivation, pools, dispatch), spam held off by rate limits and a honeypot. */
export type WebForm = {
  name: string;
  label?: Label;
  description?: string;
  object: string;
  fields: Array<{
    field: string;
    name?: string;
    required?: boolean;
    label?: {
      en: string;
      zh?: string;
    };
  }>;
  pool?: string;
  honeypot?: string;
  rateLimit?: {
    perIp?: {
      count: number;
      per: "minute" | "hour";
    };
    perForm?: {
      count: number;
      per: "minute" | "hour";
    };
  };
  allowedOrigins?: string[];
  successRedirect?: string;
  successMessage?: {
    en: string;
    zh?: string;
  };
  set?: Record<string, string | number | boolean>;
  active?: boolean;
};

/** The desired state of a tenant's configuration, by kind, as exchanged by applyMetadata and `tessera metadata pull|apply`. A kind the document does not carry is left alone; within a kind, items the document does not name are left alone. */
export type MetadataDocumentDefinition = {
  objects?: ObjectDefinition[];
  roles?: Role[];
  permissionSets?: PermissionSet[];
  groups?: Group[];
  sharingRules?: SharingRule[];
  listViews?: ListView[];
  dashboards?: Dashboard[];
  apps?: App[];
  duplicateRules?: DuplicateRule[];
  validationRules?: ValidationRule[];
  scripts?: Script[];
  businessCalendars?: BusinessCalendar[];
  forecasts?: Forecast[];
  workflows?: Workflow[];
  approvalFlows?: ApprovalFlow[];
  pools?: Pool[];
  dispatchRules?: DispatchRule[];
  assignmentRules?: AssignmentRule[];
  scoringRules?: ScoringRule[];
  reactivations?: Reactivation[];
  conversions?: Conversion[];
  webhooks?: Webhook[];
  webForms?: WebForm[];
};

/** A namespaced, versioned package of metadata: what `tessera package build` reads (manifest.json) and the marketplace lists. */
export type PackageManifestDefinition = {
  /** Prefix of every component the package owns: `<namespace>__<name>`. */
  namespace: string;
  /** The package's name in the registry (lower case, digits and -). */
  name: string;
  /** Semantic version (1.2.3). */
  version: string;
  /** The name people read in English and Chinese (`en`, `zh-CN`), shown in the marketplace. */
  label: {
    en: string;
    "zh-CN": string;
  };
  /** What the package does in English and Chinese (`en`, `zh-CN`), shown in the marketplace. */
  description?: {
    en: string;
    "zh-CN": string;
  };
  /** Packages whose components this one uses or extends, by name, each with a semver range. */
  dependencies?: Record<string, string>;
  /** The capabilities the package asks for; shown before install. */
  rights?: Array<"manageMetadata" | "manageUsers" | "manageApps" | "importData" | "exportData" | "manageWorkflows">;
  /** Only the bundled templates (crm-core and the industry templates): their components keep the un-prefixed names tenants already use. The registry refuses it. */
  legacyNames?: boolean;
  /** The metadata the package ships, as a metadata document (`tessera:document`): objects, and any other kind by its document key (validationRules, workflows…). */
  components: Record<string, Record<string, unknown>[]>;
};

/** A declarative test of a package: users, fixtures, then steps on the test clock with assertions (tessera test). */
export type Scenario = {
  $schema?: string;
  /** Unique among the package's scenarios. */
  name: string;
  /** A text, or one per locale ({"en": …, "zh-CN": …}). */
  description?: string | Record<string, string>;
  /** The test clock's start, an ISO 8601 instant with its offset. */
  clock?: string;
  users?: Array<{
    /** How steps and fixtures name the user ("as": "cc1", "@cc1"). */
    key: string;
    /** Defaults to the key. */
    name?: string;
    /** Defaults to <key>@scenario.test. */
    email?: string;
    /** The user's role, by name (a user has one). */
    roles?: string[];
    permissionSets?: string[];
    /** Another user's key. */
    manager?: string;
    isAdmin?: boolean;
    locale?: string;
  }>;
  /** Records to create before the steps (the sample-data format). */
  fixtures?: Record<string, Record<string, unknown>[]>;
  steps: Array<{
    /** What the step shows, for the report. */
    note?: string;
    /** The user key the step acts as (default: the tenant's administrator). */
    as?: string;
    /** Creates a record of this object from `data`. */
    create?: string;
    /** Updates the record `id` of this object with `data`. */
    update?: string;
    /** Deletes the record `id` of this object. */
    delete?: string;
    /** Runs this command on the record `id` of `object`, with `input`. */
    command?: string;
    /** A GraphQL document sent to /graphql as the user, with `variables`. */
    graphql?: string;
    /** Moves the test clock forwards by an ISO 8601 duration (PT25H, P15D). */
    advance?: string;
    /** Reads as the system (no rights): `fields` of the record `id`, or the `count` of records matching `filter`. */
    expect?: {
      /** The object's API name. */
      object: string;
      /** The record: "$<key>". */
      id?: string;
      /** Each named field must equal this value (a lookup compares its id; null means empty). */
      fields?: Record<string, unknown>;
      /** A filter as in the GraphQL API ({"status": {"eq": "MQL"}}). */
      filter?: Record<string, unknown>;
      /** How many records match `filter` (every record without one). */
      count?: number;
    };
    /** The object of a command. */
    object?: string;
    /** The record: "$<key>". */
    id?: string;
    /** Field values as the records API takes them; "$<key>" is a saved record's id, "@<user>" a user's id. */
    data?: Record<string, unknown>;
    /** Any JSON value. */
    input?: unknown;
    /** Variables of the GraphQL document. */
    variables?: Record<string, unknown>;
    /** A name under which the created record's id is kept ("$<name>" in later steps), or names → dot paths into the answer ("data.submitForApproval.id"). */
    save?: string | Record<string, string>;
    /** The step must fail with this code (and, when given, a detail at `pointer`, a refusal by `rule`, a message containing `message`). */
    expectError?: {
      /** An error code of the platform. */
      code: "BAD_USER_INPUT" | "VALIDATION_FAILED" | "NOT_FOUND" | "UNIQUE_VIOLATION" | "REFERENCE_NOT_FOUND" | "CONFLICT" | "FORBIDDEN" | "UNAUTHENTICATED" | "LIMIT_EXCEEDED" | "LOCKED" | "SCRIPT_ERROR" | "SERVICE_UNAVAILABLE" | "INTERNAL";
      pointer?: string;
      /** The validation or duplicate rule that refused it. */
      rule?: string;
      /** A part of the message. */
      message?: string;
    };
  }>;
};
