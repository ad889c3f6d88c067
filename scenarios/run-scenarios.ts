/**
 * `npm run scenarios [-- --only NAME[,NAME]] [--parallel N] [--json FILE] [--seed S]`: every labelled scenario in
 * scenarios/manifest.json through the built CLI (`dist/cli.js run … --json … --quiet`), two at a time. Compares
 * the findings at warning or above, as (kind, line) pairs, with the labels; prints one row per scenario,
 * precision/recall over the pairs (overall and per kind), and the cause share: of the true positives whose label
 * names a cause, how many findings name that cause and rank first a fix that treats it. Exits 1 when any scenario
 * is wrong (2 on bad usage).
 *
 * A pair is (kind, line of the layer factory call in the scenario's script), or (kind, –) for a model-wide
 * finding. Several layers built at one line (a loop) make one pair. Pairs listed as `allowed` are true but
 * borderline: finding them is not a false positive, missing them not a false negative.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { JsonReportSchema, type JsonReport } from '../src/core/json-report-schema.ts';
import {
  JUDGED_KINDS,
  loadManifest,
  pairKey,
  parseArgs,
  pool,
  REPO,
  scriptPath,
  selectScenarios,
  type Scenario,
} from './lib/manifest.ts';

const CLI = path.join(REPO, 'dist', 'cli.js');
const JUDGED = new Set<string>(JUDGED_KINDS);

interface Outcome {
  scenario: Scenario;
  exitCode: number | null;
  seconds: number;
  expected: string[];
  found: string[];
  truePositives: string[];
  falsePositives: string[];
  falseNegatives: string[];
  allowedFound: string[];
  lint: string[];
  error: string | null;
  right: boolean;
  /** For the record: each judged finding's kind, severity, layer and line, its cause and its first fix's `treats`. */
  findings: {
    kind: string;
    severity: string;
    layer: string | null;
    line: number | null;
    message: string;
    cause: string | null;
    firstFixTreats: string | null;
  }[];
  /** True positives whose label names a cause: the label's cause against the finding's and its first fix's. */
  causes: { pair: string; labelled: string; found: string | null; firstFixTreats: string | null; right: boolean }[];
}

/** `--seed S` reruns every scenario at another seed (exploration: the labels were verified at the manifest's seeds). */
let seedOverride: number | null = null;

function runCli(
  scenario: Scenario,
  workDir: string,
): Promise<{ code: number | null; report: JsonReport | null; stderr: string; seconds: number }> {
  const json = path.join(workDir, `${scenario.name}.json`);
  const args = [
    CLI,
    'run',
    scriptPath(scenario),
    '--json',
    json,
    '--quiet',
    '--runs-root',
    workDir,
    '--seed',
    String(seedOverride ?? scenario.seed ?? 1),
  ];
  if (scenario.maxSteps) args.push('--max-steps', String(scenario.maxSteps));
  if (scenario.args?.length) args.push('--', ...scenario.args);
  const started = Date.now();
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      let report: JsonReport | null = null;
      if (existsSync(json)) report = JsonReportSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
      resolve({ code, report, stderr, seconds: (Date.now() - started) / 1000 });
    });
  });
}

async function judge(scenario: Scenario, workDir: string): Promise<Outcome> {
  const { code, report, stderr, seconds } = await runCli(scenario, workDir);
  const script = scriptPath(scenario);
  const expected = [...new Set(scenario.expected.map(pairKey))];
  const allowed = new Set((scenario.allowed ?? []).map(pairKey));
  const judged = (report?.findings ?? []).filter((finding) => finding.severity !== 'info' && JUDGED.has(finding.kind));
  // A finding that covers several layers (`layers`: consecutive layers with the same problem, or a loop's layers)
  // stands for each of their lines: one entry per line, so each makes its pair.
  const sourceOf = new Map((report?.layers ?? []).map((layer) => [layer.name, layer.source]));
  const linesOf = (finding: JsonReport['findings'][number]): (number | null)[] => {
    const own = finding.source && finding.source.file === script ? finding.source.line : null;
    const covered = (finding.layers ?? [])
      .map((name) => sourceOf.get(name))
      .filter((source) => source && source.file === script)
      .map((source) => source!.line);
    return own === null && covered.length ? [...new Set(covered)] : [...new Set([own, ...covered])];
  };
  const findings = judged
    .flatMap((finding) => linesOf(finding).map((line) => ({ finding, line })))
    .map(({ finding, line }) => ({
      kind: finding.kind,
      severity: finding.severity,
      layer: finding.layer,
      line,
      message: finding.message,
      cause: finding.cause?.id ?? null,
      firstFixTreats: finding.fixes[0]?.treats ?? null,
    }));
  const found = [...new Set(findings.map(pairKey))];
  const foundSet = new Set(found);
  const expectedSet = new Set(expected);
  let error: string | null = null;
  if (!report) error = `no report (exit ${code}): ${stderr.trim().split('\n').at(-1) ?? ''}`;
  else if (code !== (judged.length > 0 ? 1 : 0))
    error = `exit code ${code} does not match ${judged.length} finding(s) at warning or above`;
  else if (report.outcome.status === 'failed') error = `the script failed: ${report.outcome.message}`;
  for (const finding of judged) {
    if (finding.source && finding.source.file !== script)
      error ??= `${finding.kind} points outside the script: ${finding.source.file}:${finding.source.line}`;
  }
  const truePositives = expected.filter((pair) => foundSet.has(pair));
  const falsePositives = found.filter((pair) => !expectedSet.has(pair) && !allowed.has(pair));
  const falseNegatives = expected.filter((pair) => !foundSet.has(pair));
  const allowedFound = found.filter((pair) => allowed.has(pair) && !expectedSet.has(pair));
  // Several findings can make one pair (layers built at one line): the cause is right if any of them has it right.
  const causes = scenario.expected
    .filter((label) => label.cause && foundSet.has(pairKey(label)))
    .map((label) => {
      const candidates = findings.filter((finding) => pairKey(finding) === pairKey(label));
      const best =
        candidates.find((finding) => finding.cause === label.cause && finding.firstFixTreats === label.cause) ??
        candidates.find((finding) => finding.cause === label.cause) ??
        candidates[0]!;
      return {
        pair: pairKey(label),
        labelled: label.cause!,
        found: best.cause,
        firstFixTreats: best.firstFixTreats,
        right: best.cause === label.cause && best.firstFixTreats === label.cause,
      };
    });
  const lint = [
    ...new Set(
      (report?.findings ?? []).filter((finding) => finding.kind.startsWith('lint-')).map((finding) => finding.kind),
    ),
  ];
  return {
    scenario,
    exitCode: code,
    seconds,
    expected,
    found,
    truePositives,
    falsePositives,
    falseNegatives,
    allowedFound,
    lint,
    error,
    right: error === null && falsePositives.length === 0 && falseNegatives.length === 0,
    findings,
    causes,
  };
}

interface KindScore {
  kind: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

/** Precision and recall per finding kind, over the kinds that were expected or found. */
function perKind(outcomes: Outcome[]): KindScore[] {
  const kindOf = (pair: string) => pair.slice(0, pair.lastIndexOf('@'));
  return JUDGED_KINDS.map((kind) => {
    const count = (pick: (outcome: Outcome) => string[]) =>
      outcomes.reduce((sum, outcome) => sum + pick(outcome).filter((pair) => kindOf(pair) === kind).length, 0);
    const tp = count((outcome) => outcome.truePositives);
    const fp = count((outcome) => outcome.falsePositives);
    const fn = count((outcome) => outcome.falseNegatives);
    return { kind, tp, fp, fn, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1 };
  }).filter((score) => score.tp + score.fp + score.fn > 0);
}

function grid(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function table(outcomes: Outcome[]): string {
  const rows = outcomes.map((outcome) => [
    outcome.scenario.name,
    outcome.expected.join(' ') || '(none)',
    [...outcome.found.map((pair) => (outcome.allowedFound.includes(pair) ? `${pair}(allowed)` : pair))].join(' ') ||
      '(none)',
    outcome.right ? 'right' : 'WRONG',
    `${outcome.seconds.toFixed(1)} s`,
  ]);
  return grid(['scenario', 'expected', 'found', 'verdict', 'time'], rows);
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`scenarios: ${(error as Error).message}`);
    process.exitCode = 2;
    return;
  }
  let scenarios: Scenario[];
  try {
    scenarios = selectScenarios(loadManifest(), options.only);
  } catch (error) {
    console.error(`scenarios: ${(error as Error).message}`);
    process.exitCode = 2;
    return;
  }
  const missing = scenarios.filter((scenario) => !existsSync(scriptPath(scenario)));
  if (missing.length) {
    console.error(`scenarios: script not found: ${missing.map((scenario) => scenario.script).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  if (!existsSync(CLI)) {
    console.error('scenarios: dist/cli.js is missing; run `npm run build` first (npm run scenarios does).');
    process.exitCode = 2;
    return;
  }
  const parallel = Number(options.flags.get('parallel') ?? 2);
  if (options.flags.has('seed')) {
    seedOverride = Number(options.flags.get('seed'));
    console.log(
      `All scenarios at seed ${seedOverride}. The labels were verified at the manifest's seeds: check any disagreement with\n  node --import tsx scenarios/truth/verify.ts --seed ${seedOverride} --details --only <name>\n`,
    );
  }
  const workDir = mkdtempSync(path.join(tmpdir(), 'actlens-scenarios-'));
  const started = Date.now();
  const outcomes = await pool(scenarios, parallel, async (scenario) => {
    const outcome = await judge(scenario, workDir);
    process.stderr.write(`${outcome.right ? '.' : 'x'}`);
    return outcome;
  });
  process.stderr.write('\n');
  const wall = (Date.now() - started) / 1000;

  console.log(table(outcomes));
  const tp = outcomes.reduce((sum, outcome) => sum + outcome.truePositives.length, 0);
  const fp = outcomes.reduce((sum, outcome) => sum + outcome.falsePositives.length, 0);
  const fn = outcomes.reduce((sum, outcome) => sum + outcome.falseNegatives.length, 0);
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const wrong = outcomes.filter((outcome) => !outcome.right);
  console.log(
    `\n(kind, line) pairs at warning or above: ${tp} true positives, ${fp} false positives, ${fn} false negatives`,
  );
  console.log(
    `precision ${precision.toFixed(3)} · recall ${recall.toFixed(3)} · ${outcomes.length - wrong.length}/${outcomes.length} scenarios right · ${wall.toFixed(0)} s wall (parallel ${parallel})`,
  );
  const kinds = perKind(outcomes);
  console.log(
    `\n${grid(
      ['kind', 'TP', 'FP', 'FN', 'precision', 'recall'],
      kinds.map((score) => [
        score.kind,
        String(score.tp),
        String(score.fp),
        String(score.fn),
        score.precision.toFixed(3),
        score.recall.toFixed(3),
      ]),
    )}`,
  );
  const causeChecks = outcomes.flatMap((outcome) => outcome.causes);
  const causesRight = causeChecks.filter((check) => check.right).length;
  const causeShare = causeChecks.length ? causesRight / causeChecks.length : null;
  console.log(
    `\ncauses: ${causesRight}/${causeChecks.length} true positives with a labelled cause name it and rank first a fix that treats it` +
      (causeShare === null ? '' : ` (${causeShare.toFixed(3)})`),
  );
  for (const outcome of wrong) {
    console.log(`\n✗ ${outcome.scenario.name} (${outcome.scenario.script}) — ${outcome.scenario.truth}`);
    if (outcome.error) console.log(`    error: ${outcome.error}`);
    for (const pair of outcome.falseNegatives) console.log(`    missing ${pair}`);
    for (const pair of outcome.falsePositives) {
      for (const finding of outcome.findings.filter((candidate) => pairKey(candidate) === pair)) {
        console.log(`    unexpected ${pair} [${finding.severity}, ${finding.layer ?? 'model'}]: ${finding.message}`);
      }
    }
  }
  const causeMisses = outcomes.filter((outcome) => outcome.causes.some((check) => !check.right));
  if (causeMisses.length) {
    console.log(`\nCauses (not judged per scenario): ${causeChecks.length - causesRight} not matched`);
    for (const outcome of causeMisses)
      for (const check of outcome.causes.filter((candidate) => !candidate.right))
        console.log(
          `    ${outcome.scenario.name} ${check.pair}: labelled ${check.labelled}, found ${check.found ?? '(none)'}, first fix treats ${check.firstFixTreats ?? '(none)'}`,
        );
  }
  const lintDiffers = outcomes.filter(
    (outcome) => [...(outcome.scenario.lint ?? [])].sort().join() !== [...outcome.lint].sort().join(),
  );
  if (lintDiffers.length) {
    console.log(
      `\nLint (info; not judged): ${lintDiffers.length} scenario(s) differ from the lint kinds listed in the manifest`,
    );
    for (const outcome of lintDiffers)
      console.log(
        `    ${outcome.scenario.name}: listed ${(outcome.scenario.lint ?? []).join(' ') || '(none)'}, found ${outcome.lint.join(' ') || '(none)'}`,
      );
  }
  const jsonOut = options.flags.get('json');
  if (typeof jsonOut === 'string') {
    writeFileSync(
      jsonOut,
      JSON.stringify(
        {
          precision,
          recall,
          tp,
          fp,
          fn,
          perKind: kinds,
          causeShare,
          causesRight,
          causesLabelled: causeChecks.length,
          wallSeconds: wall,
          outcomes: outcomes.map(({ scenario, ...rest }) => ({ name: scenario.name, ...rest })),
        },
        null,
        2,
      ),
    );
  }
  rmSync(workDir, { recursive: true, force: true });
  if (wrong.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
