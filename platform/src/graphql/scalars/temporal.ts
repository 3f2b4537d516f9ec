import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)$/;

function checked(pattern: RegExp, what: string, example: string) {
  return (value: unknown): string => {
    if (typeof value !== 'string' || !pattern.test(value) || Number.isNaN(Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value))) {
      throw new GraphQLError(`${JSON.stringify(value)} is not a ${what} (e.g. ${example})`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return value;
  };
}

const parseDate = checked(DATE, 'date', '2026-03-31');
const parseDateTime = checked(DATE_TIME, 'date-time with a time zone', '2026-03-31T09:30:00Z');

/** A calendar date, `YYYY-MM-DD`. */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date: YYYY-MM-DD.',
  serialize: (v) => v,
  parseValue: parseDate,
  parseLiteral: (node) => parseDate(node.kind === Kind.STRING ? node.value : undefined),
});

/** An instant, ISO 8601 with an offset; the API answers in UTC. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant: ISO 8601 with a time zone offset (answers are in UTC).',
  serialize: (v) => v,
  parseValue: parseDateTime,
  parseLiteral: (node) => parseDateTime(node.kind === Kind.STRING ? node.value : undefined),
});
