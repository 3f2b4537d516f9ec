import { GraphQLError, Kind, print, type GraphQLEnumType, type ValueNode } from 'graphql';
import type { OptionNames } from '../option-names.ts';

/**
 * Makes an option enum (`LeadStatusOption`) read its inputs as stored option values. The enum's
 * values are the option names (`inflect.optionNames`), which outputs answer as they are (the
 * compiled SQL maps stored values to names, on both paths); what arguments and variables coerce to
 * is what the verbs and the planner take: the stored value (`Closed_Won` → `"Closed Won"`).
 *
 * Beside the enum literal (`status: MQL`), inputs written before select fields were enums keep
 * working: a string literal or a variable holding a name or a stored value (`"MQL"`, `"Closed
 * Won"`). That is never ambiguous: a stored value that is not its own name is no GraphQL name, so
 * no name equals it. Clients generated from the schema only ever send names.
 */
export function bindOptionInputs(type: GraphQLEnumType, names: OptionNames, description: string): void {
  const expected = () => [...names.valueOf.keys()].join(', ');
  const parse = (value: unknown, written?: string): string => {
    if (typeof value === 'string') {
      const stored = names.valueOf.get(value) ?? (names.nameOf.has(value) ? value : undefined);
      if (stored !== undefined) return stored;
    }
    throw new GraphQLError(`${written ?? JSON.stringify(value) ?? String(value)} is not an option of ${description}; expected one of ${expected()}`, { extensions: { code: 'BAD_USER_INPUT' } });
  };
  type.parseValue = (value: unknown) => parse(value);
  type.parseLiteral = (node: ValueNode) => (node.kind === Kind.ENUM || node.kind === Kind.STRING ? parse(node.value, print(node)) : parse(undefined, print(node)));
}
