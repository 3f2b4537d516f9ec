import { GraphQLError, GraphQLScalarType, Kind, print, type ValueNode } from 'graphql';

/**
 * The value of a select option in inputs and filters. It accepts the option as an enum literal
 * (`status: MQL`) or a string (`status: "MQL"`), and refuses anything that is not an option.
 */
export function optionValueScalar(name: string, values: readonly string[], description: string): GraphQLScalarType {
  const allowed = new Set(values);
  const parse = (value: unknown, written?: string): string => {
    if (typeof value !== 'string' || !allowed.has(value)) {
      throw new GraphQLError(`${written ?? JSON.stringify(value) ?? String(value)} is not an option of ${description}; expected one of ${values.join(', ')}`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return value;
  };
  return new GraphQLScalarType({
    name,
    description: `An option of ${description}: ${values.join(', ')} (as an enum literal or a string).`,
    serialize: (v) => v,
    parseValue: parse,
    parseLiteral: (node: ValueNode) => (node.kind === Kind.ENUM || node.kind === Kind.STRING ? parse(node.value) : parse(undefined, print(node))),
  });
}
