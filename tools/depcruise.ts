/**
 * Runs dependency-cruiser over the platform with `.dependency-cruiser.cjs` (the layering rules).
 *
 * Why a wrapper: dependency-cruiser parses TypeScript with the TypeScript compiler's API, which the
 * repository's compiler (TypeScript 7.0, native) does not offer in-process. This workspace holds a
 * classic compiler (5.9, `tools/package.json`) and routes dependency-cruiser's `typescript` imports —
 * and only those — to it; `tsc -b` and everything else keep using the repository's compiler.
 */
import { createRequire, registerHooks } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const classic = createRequire(import.meta.url);
registerHooks({
  resolve(specifier, context, next) {
    const fromCruiser = context.parentURL?.includes('/node_modules/dependency-cruiser/') === true;
    if (fromCruiser && (specifier === 'typescript' || specifier.startsWith('typescript/'))) {
      return { url: pathToFileURL(classic.resolve(specifier)).href, shortCircuit: true };
    }
    return next(specifier, context);
  },
});

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const args = process.argv.slice(2);
process.argv = [process.argv[0], 'depcruise', '--config', '.dependency-cruiser.cjs', '--output-type', 'err', ...(args.length ? args : ['platform/src'])];
// The package's exports do not include its bin: import it by its path.
const bin = new URL('../../bin/dependency-cruiser.mjs', import.meta.resolve('dependency-cruiser'));
await import(bin.href);
