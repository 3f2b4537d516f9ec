import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listTemplates } from '@tessera/templates';
import { startScenarioServer, type ScenarioServer } from './harness.ts';
import { formatScenario } from './report.ts';
import { runScenario } from './runner.ts';
import { readPackageSource, type PackageSource } from './source.ts';

/** A bundled template's folder by name, or the folder given (absolute, or relative to the working directory). */
function folderOf(template: string): string {
  if (template.includes('/') || template.includes(path.sep)) return path.resolve(template);
  const found = listTemplates().find((t) => t.name === template);
  if (!found) throw new Error(`There is no bundled template named ${template} (${listTemplates().map((t) => t.name).join(', ')})`);
  return found.dir;
}

/** The scenario files of a folder, known when the tests are collected (one test each). */
function scenarioFiles(dir: string): string[] {
  const under = fs.existsSync(path.join(dir, 'template.json')) ? 'scenarios' : 'files/scenarios';
  const full = path.join(dir, under);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full).filter((f) => f.endsWith('.json')).sort().map((f) => `${under}/${f}`);
}

/**
 * Defines one vitest test per scenario of a template (by name: `runScenarios('k12-tutoring')`) or of
 * a package folder (by path), run through the same runner as `tessera test`, on a server of its own
 * (a scratch database on the suite's PostgreSQL, the test clock, the runtime plugins). A failing
 * scenario fails its test with the report: the step, and what differed.
 */
export function runScenarios(template: string, options: { timeoutMs?: number } = {}): void {
  const dir = folderOf(template);
  const files = scenarioFiles(dir);
  describe(`scenarios of ${path.basename(dir)}`, () => {
    let host: ScenarioServer | undefined;
    let source: PackageSource;
    beforeAll(async () => {
      source = await readPackageSource(dir);
      host = await startScenarioServer({ databaseUrl: inject('databaseUrl' as never) as string });
    });
    afterAll(async () => {
      await host?.close();
    });
    it('has scenarios', () => {
      expect(files.length, `${dir} has no scenarios/*.json`).toBeGreaterThan(0);
    });
    for (const file of files) {
      it(file, async () => {
        const scenario = source.scenarios.find((s) => s.file === file || s.file === `files/${file}`)!;
        const report = await runScenario(host!.server, source, scenario);
        expect(report.passed, formatScenario(report).join('\n')).toBe(true);
      }, options.timeoutMs ?? 300_000);
    }
  });
}
