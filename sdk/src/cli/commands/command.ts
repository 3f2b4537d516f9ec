import { PlatformError } from '@tessera/platform/errors';
import { parseCommand, UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT, printJson, printLines } from '../output.ts';
import { graphqlRequest } from '../server-client.ts';
import { resolveServer, SERVER_HELP, SERVER_OPTIONS } from '../target.ts';

const RUN_MS = 5 * 60_000;

/** The command's mutation as the server names it (from `objects { commands }` on /metadata): never guessed here. */
async function mutationOf(target: Awaited<ReturnType<typeof resolveServer>>, object: string, name: string): Promise<{ mutation: string; inputRequired: boolean }> {
  const data = await graphqlRequest<{ object: { commands: { name: string; mutation: string; inputRequired: boolean }[] } | null }>(
    target, '/metadata', 'query($o: String!) { object(name: $o) { commands { name mutation inputRequired } } }', { o: object }, { timeoutMs: 20_000 });
  if (!data.object) throw new PlatformError('NOT_FOUND', `No object ${object}`, { details: [{ pointer: '/object', message: 'not found' }] });
  const command = data.object.commands.find((c) => c.name === name);
  if (!command) {
    const known = data.object.commands.map((c) => c.name);
    throw new PlatformError('NOT_FOUND', `No command ${name} on ${object} that you may run${known.length ? ` (you may run: ${known.join(', ')})` : ''}`, { details: [{ pointer: '/command', message: 'not found' }] });
  }
  return command;
}

export const commandRun: Command = {
  name: 'command run',
  summary: 'Run a command (a plugin\'s, or a script\'s action) on one record',
  help: `Usage: tessera command run <object> <command> <record id> [--input <json>] [options]

Runs a command on one record as the API key's user, exactly as the mutation the server generates
for it (<object><Command>(id, input) on /graphql): the same rights, input checks and answers.

Options:
  --input <json>           the command's input (JSON); left out, it runs without one when its
                           input schema requires nothing
${SERVER_HELP}
  --json                   print the command's result as one line of JSON
  -h, --help               show this help

Example:
  tessera command run lead claim 01a2…f3 --input '{"note": "called back"}'

Exit codes: 0 done, 1 refused (the error's code and pointers are printed), 2 bad command line,
3 server unreachable, 4 not logged in or the key is refused.
`,
  async run(args, io) {
    const { values, positionals } = parseCommand(this.name, args, { input: { type: 'string' }, json: { type: 'boolean' }, ...SERVER_OPTIONS }, { min: 3, max: 3, names: '<object> <command> <record id>' });
    const [object, name, id] = positionals;
    let input: unknown;
    if (values.input !== undefined) {
      try { input = JSON.parse(values.input); } catch (error) {
        throw new UsageError(`--input is not valid JSON: ${(error as Error).message}`, 'command run');
      }
    }
    const target = await resolveServer(io, values);
    const { mutation } = await mutationOf(target, object, name);
    const data = await graphqlRequest<Record<string, unknown>>(target, '/graphql', `mutation Run($id: ID!, $input: JSON) { result: ${mutation}(id: $id, input: $input) }`, { id, input: input ?? null }, { timeoutMs: RUN_MS });
    if (values.json) printJson(io, data.result ?? null);
    else printLines(io, [`${object} ${name} on ${id}: done`, JSON.stringify(data.result ?? null, null, 2)]);
    return EXIT.ok;
  },
};
