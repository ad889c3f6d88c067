/**
 * `node --import tsx scenarios/truth/verify.ts [--only NAME[,NAME]] [--seed S] [--details]`: checks every
 * scenario's label against ground truth measured without ActLens (probe.mts + derive.ts). Each scenario runs
 * as a plain `node` process with the same seed and backend as `actlens run`; the label must name exactly the
 * findings the true numbers call for (plus, at most, borderline ones listed as `allowed`), each expected pair with
 * the cause derive.ts singles out (or none where it singles out none). Exits 1 on any mismatch.
 * `--seed S` reruns every scenario at another seed: a label that flips with the seed rests on luck.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  loadManifest,
  pairKey,
  parseArgs,
  pool,
  REPO,
  scriptPath,
  selectScenarios,
  type Scenario,
} from '../lib/manifest.ts';
import { deriveTruth, type Truth } from './derive.ts';

const PROBE = path.join(__dirname, 'probe.mts');

interface Verdict {
  scenario: Scenario;
  ok: boolean;
  truth: Truth | null;
  problems: string[];
  seconds: number;
  output: string;
}

async function measure(
  scenario: Scenario,
  seed: number,
  outDir: string,
): Promise<{ probe: unknown; output: string; seconds: number }> {
  const out = path.join(outDir, `${scenario.name}-${seed}.json`);
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', PROBE, scriptPath(scenario), ...(scenario.args ?? [])],
    {
      cwd: path.dirname(scriptPath(scenario)),
      env: {
        ...process.env,
        SCENARIO_TRUTH_OUT: out,
        SCENARIO_SEED: String(seed),
        ...(scenario.maxSteps ? { SCENARIO_MAX_STEPS: String(scenario.maxSteps) } : {}),
      },
    },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  await new Promise((resolve) => child.on('close', resolve));
  let probe: unknown = null;
  try {
    probe = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    probe = null;
  }
  return { probe, output, seconds: (Date.now() - started) / 1000 };
}

async function verify(scenario: Scenario, seed: number, outDir: string, strictLabels: boolean): Promise<Verdict> {
  const { probe, output, seconds } = await measure(scenario, seed, outDir);
  const problems: string[] = [];
  if (!probe)
    return { scenario, ok: false, truth: null, problems: ['the probe wrote no measurement'], seconds, output };
  const status = (probe as { status: string; error: string | null }).status;
  if (status === 'failed') problems.push(`the script failed: ${(probe as { error: string }).error.split('\n')[0]}`);
  const truth = deriveTruth(probe);
  const expected = new Set(scenario.expected.map(pairKey));
  const allowed = new Set((scenario.allowed ?? []).map(pairKey));
  const truthKeys = new Set(truth.pairs.map(pairKey));
  for (const pair of truth.pairs) {
    if (!expected.has(pairKey(pair)) && !allowed.has(pairKey(pair)))
      problems.push(`truly ${pairKey(pair)} but not labelled (${pair.evidence})`);
  }
  for (const key of expected) {
    if (!truthKeys.has(key)) problems.push(`labelled ${key} but the measurement does not show it`);
    else if (truth.borderline.includes(key))
      problems.push(`labelled ${key}, but it rests on a near-threshold number: list it under "allowed"`);
  }
  for (const pair of truth.pairs) {
    const key = pairKey(pair);
    if (allowed.has(key) && !expected.has(key) && !truth.borderline.includes(key))
      problems.push(`${key} is true and not borderline (${pair.evidence}): label it "expected", not "allowed"`);
  }
  // Causes: an expected pair carries the cause the measurement singles out, and no other.
  for (const label of scenario.expected) {
    const key = pairKey(label);
    const pair = truth.pairs.find((candidate) => pairKey(candidate) === key);
    if (!pair) continue;
    if (pair.cause && label.cause !== pair.cause)
      problems.push(
        `${key}: the measurement says cause ${pair.cause} (${pair.because}); labelled ${label.cause ?? 'without a cause'}`,
      );
    else if (!pair.cause && label.cause)
      problems.push(`${key}: labelled cause ${label.cause}, but the measurement singles out none`);
  }
  for (const key of truth.borderline)
    if (!allowed.has(key) && !expected.has(key))
      problems.push(
        `${key} is borderline (true under loosened thresholds, false under tightened ones): list it under "allowed"`,
      );
  if (strictLabels)
    for (const key of allowed)
      if (!truthKeys.has(key) && !truth.borderline.includes(key))
        problems.push(`allowed ${key} but it is neither true nor borderline`);
  return { scenario, ok: problems.length === 0, truth, problems, seconds, output };
}

async function main(): Promise<void> {
  const { only, flags } = parseArgs(process.argv.slice(2));
  const manifestFile = flags.get('manifest');
  const scenarios = selectScenarios(
    typeof manifestFile === 'string' ? loadManifest(path.resolve(manifestFile)) : loadManifest(),
    only,
  );
  const seedOverride = flags.has('seed') ? Number(flags.get('seed')) : null;
  const details = flags.has('details');
  const outDir = mkdtempSync(path.join(tmpdir(), 'actlens-truth-'));
  const started = Date.now();
  const verdicts = await pool(scenarios, Number(flags.get('parallel') ?? 2), (scenario) =>
    verify(scenario, seedOverride ?? scenario.seed ?? 1, outDir, seedOverride === null),
  );
  for (const verdict of verdicts) {
    const { scenario, truth } = verdict;
    const pairs = truth
      ? truth.pairs.map((pair) => `${pairKey(pair)}${pair.cause ? `(${pair.cause})` : ''}`).join(' ') || 'healthy'
      : '?';
    console.log(
      `${verdict.ok ? 'ok   ' : 'WRONG'} ${scenario.name.padEnd(34)} truth: ${pairs}  (${verdict.seconds.toFixed(1)} s)`,
    );
    for (const problem of verdict.problems) console.log(`        ✗ ${problem}`);
    if (truth) for (const pair of truth.borderline) console.log(`        ~ borderline: ${pair}`);
    if (truth) for (const note of truth.notes) console.log(`        ~ note: ${note}`);
    if (details && truth) {
      for (const pair of truth.pairs)
        console.log(
          `        + ${pairKey(pair)}: ${pair.evidence}${pair.cause ? ` — cause ${pair.cause}: ${pair.because}` : ''}`,
        );
      for (const line of truth.summary) console.log(`        · ${line}`);
      const printed = verdict.output
        .trim()
        .split('\n')
        .filter((line) => !/^(\s+at |Error:|cpu backend|={3})/.test(line))
        .slice(-3);
      for (const line of printed) console.log(`        > ${line.slice(0, 200)}`);
    }
  }
  const wrong = verdicts.filter((verdict) => !verdict.ok);
  console.log(
    `\n${verdicts.length - wrong.length}/${verdicts.length} labels agree with the measured truth${seedOverride !== null ? ` at seed ${seedOverride}` : ''} · ${((Date.now() - started) / 1000).toFixed(0)} s · measurements in ${path.relative(REPO, outDir) || outDir}`,
  );
  if (wrong.length) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
