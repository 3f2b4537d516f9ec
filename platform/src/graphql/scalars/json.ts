import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function literal(node: ValueNode, variables?: Record<string, unknown> | null): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((v) => literal(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literal(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[node.name.value];
    default:
      return undefined;
  }
}

/** Any JSON value, in and out. */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (node, variables) => literal(node, variables),
});

/** GraphQL object keys cannot hold `-`, so `zh_CN` in a literal means the locale `zh-CN`. */
function normalizeLabel(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/_/g, '-'), v]));
}

/** A label: a string in the default locale, or an object mapping locales to text. */
export const LabelScalar = new GraphQLScalarType({
  name: 'Label',
  description: 'A label: a string in the default locale (en), or an object of locale → text, e.g. {"en": "Lead", "zh-CN": "线索"} (in a GraphQL literal, write zh_CN).',
  serialize: (value) => value,
  parseValue: (value) => normalizeLabel(value),
  parseLiteral: (node, variables) => normalizeLabel(literal(node, variables)),
});
