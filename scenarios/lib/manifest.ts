/**
 * scenarios/manifest.json: every labelled scenario, its script (relative to scenarios/), how to run it, and
 * the findings at warning or above that must appear — `[]` states that none may.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { CAUSE_IDS } from '../../src/core/causes.ts';
import { RUNTIME_FINDING_KINDS } from '../../src/core/findings.ts';

export const SCENARIOS_DIR = path.resolve(__dirname, '..');
export const REPO = path.resolve(SCENARIOS_DIR, '..');
export const MANIFEST = path.join(SCENARIOS_DIR, 'manifest.json');

/** The analysis kinds judged here; lint-* kinds (info) are out of scope for precision and recall. */
export const JUDGED_KINDS = RUNTIME_FINDING_KINDS;
export type JudgedKind = (typeof JUDGED_KINDS)[number];

const PairSchema = z
  .object({
    kind: z.enum(JUDGED_KINDS),
    /** 1-based line of the layer factory call in the script; omitted for model-wide findings. */
    line: z.number().int().positive().optional(),
    /**
     * What caused it, where the ground truth singles a cause out (scenarios/truth/derive.ts): the finding's
     * `cause.id` and its first fix's `treats` should name it.
     */
    cause: z.enum(CAUSE_IDS).optional(),
  })
  .strict();
export type Pair = z.infer<typeof PairSchema>;

const ScenarioSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/),
    script: z.string(),
    args: z.array(z.string()).optional(),
    seed: z.number().int().nonnegative().optional(),
    maxSteps: z.number().int().positive().optional(),
    /** What is truly wrong with the network, in a sentence. */
    truth: z.string(),
    /** Findings at warning or above that must appear; `[]`: none may. */
    expected: z.array(PairSchema),
    /** Findings that are true but borderline by the documented definitions: neither required nor wrong. */
    allowed: z.array(PairSchema).optional(),
    /** Lint kinds (info) the script is expected to draw; reported, not judged. */
    lint: z.array(z.string().startsWith('lint-')).optional(),
  })
  .strict();
export type Scenario = z.infer<typeof ScenarioSchema>;

const ManifestSchema = z.object({ scenarios: z.array(ScenarioSchema).min(1) }).strict();

export function loadManifest(file = MANIFEST): Scenario[] {
  const manifest = ManifestSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const names = new Set<string>();
  for (const scenario of manifest.scenarios) {
    if (names.has(scenario.name)) throw new Error(`manifest: duplicate scenario name ${scenario.name}`);
    names.add(scenario.name);
  }
  return manifest.scenarios;
}

export function scriptPath(scenario: Scenario): string {
  return path.resolve(SCENARIOS_DIR, scenario.script);
}

export function pairKey(pair: { kind: string; line?: number | null }): string {
  return `${pair.kind}@${pair.line ?? '-'}`;
}

/** `--only a,b` / `--only a --only b` and plain flags from argv. */
export function parseArgs(argv: string[]): { only: string[]; flags: Map<string, string | true> } {
  const only: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--only') {
      const value = argv[++i];
      if (!value) throw new Error('--only needs a scenario name');
      only.push(...value.split(','));
    } else if (arg.startsWith('--')) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        flags.set(arg.slice(2), next);
        i++;
      } else flags.set(arg.slice(2), true);
    } else throw new Error(`unexpected argument ${arg}`);
  }
  return { only, flags };
}

export function selectScenarios(all: Scenario[], only: string[]): Scenario[] {
  if (only.length === 0) return all;
  const unknown = only.filter((name) => !all.some((scenario) => scenario.name === name));
  if (unknown.length) throw new Error(`no scenario named ${unknown.join(', ')} (see scenarios/manifest.json)`);
  return all.filter((scenario) => only.includes(scenario.name));
}

/** Runs `work` over `items`, at most `parallel` at a time, keeping the order of the results. */
export async function pool<T, R>(items: T[], parallel: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(parallel, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}
