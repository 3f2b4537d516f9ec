import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/**
 * The value of a select option in inputs and filters. It accepts the option as an enum literal
 * (`status: MQL`) or a string (`status: "MQL"`), and refuses anything that is not an option.
 */
export function optionValueScalar(name: string, values: readonly string[], description: string): GraphQLScalarType {
  const allowed = new Set(values);
  const parse = (value: unknown): string => {
    if (typeof value !== 'string' || !allowed.has(value)) {
      throw new GraphQLError(`${JSON.stringify(value)} is not an option of ${description}; expected one of ${values.join(', ')}`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return value;
  };
  return new GraphQLScalarType({
    name,
    description: `An option of ${description}: ${values.join(', ')} (as an enum literal or a string).`,
    serialize: (v) => v,
    parseValue: parse,
    parseLiteral: (node: ValueNode) => parse(node.kind === Kind.ENUM || node.kind === Kind.STRING ? node.value : undefined),
  });
}
