/**
 * The `actlens` command. Exit codes: 0 clean · 1 findings at warning or above · 2 bad usage · 3 the script
 * failed · 4 ActLens itself failed (a report it could not write, an internal error).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { BACKENDS } from '../core/protocol.ts';
import { endRunnerLaunchedAhead } from '../session/runner-launch.ts';
import { UsageError } from '../session/script-path.ts';
import { compareCommand, type CompareCommandOptions } from './compare-command.ts';
import { EXIT } from '../core/run-status.ts';
import { runCommand, type RunCommandOptions } from './run-command.ts';
import { dropOutputToClosedStreams } from './closed-output.ts';
import { printable } from './terminal-text.ts';

dropOutputToClosedStreams();

function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a positive integer.');
  return parsed;
}

function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive number.');
  return parsed;
}

/** `0.02` or `2%`: a share of the training time. */
function budgetShare(value: string): number {
  const percent = /^\s*([\d.]+)\s*%\s*$/.exec(value);
  const parsed = percent ? Number(percent[1]) / 100 : Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new InvalidArgumentError('expected a share of the training time, such as 0.02 or 2%.');
  return parsed;
}

function nonNegativeInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a non-negative integer.');
  return parsed;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const GPU_OPTION_HELP = 'on webgpu, the GPU adapter whose name contains this (default: the first hardware adapter)';

const program = new Command('actlens')
  .description(
    'Watch every layer of a TensorFlow.js training script: dead ReLUs, vanishing/exploding gradients, activation drift.',
  )
  .version(process.env.ACTLENS_VERSION ?? '0.1.0')
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(printable(text.split('\n')[0]!) + '\n') });

program
  .command('run')
  .description('run a training script with diagnostics')
  .argument('<script>', 'the training script (.js, .mjs, .cjs, .ts, .mts, .cts)')
  .argument('[scriptArgs...]', 'arguments for the script, after --')
  .option('--max-steps <N>', 'stop training cleanly after N optimizer steps', positiveInt)
  .option('--every <K>', 'read layer statistics back every K steps (default 20)', positiveInt)
  .option('--seed <S>', 'seed for Math.random and tfjs randomness (default 1)', nonNegativeInt)
  .addOption(new Option('--backend <name>', 'tfjs backend').choices(['auto', ...BACKENDS]).default('auto'))
  .option('--gpu <name>', GPU_OPTION_HELP)
  .option(
    '--overhead-budget <F>',
    "ActLens's own time as a share of the training's, kept by watching fewer steps closely (default 1%)",
    budgetShare,
  )
  .option('--json <file>', 'write the JSON report (schemaVersion 1)')
  .option('--report <file.html>', 'write a self-contained HTML report')
  .option(
    '--report-args',
    "include the script's arguments in the HTML report (left out by default: they can hold secrets)",
  )
  .option('--quiet', 'print only findings and errors')
  .option('--cwd <dir>', "the script's working directory (default: its own folder)")
  .option(
    '--runs-root <dir>',
    'folder whose .actlens/runs keeps the event log (default: nearest folder with a package.json)',
  )
  .option('--config <file>', 'JSON file with detector thresholds ({"thresholds": {...}})')
  .option('--threshold <name=value>', 'override one detector threshold (repeatable)', collect)
  .action(async (script: string, scriptArgs: string[], options: RunCommandOptions) => {
    process.exitCode = await runCommand(script, scriptArgs, options);
  });

program
  .command('compare')
  .description('compare activations for some layers over several seeds, with a significance test')
  .argument('<script>', 'the training script')
  .argument('[scriptArgs...]', 'arguments for every run of the script, after --')
  .requiredOption('--layer <line|name|all-relu>', 'which layers to swap: a line number, a layer name, or all-relu')
  .option('--candidates <list>', 'comma-separated activations to try', 'relu,leakyReLU,elu,selu,swish')
  .option('--seeds <n>', 'seeds per activation', positiveInt, 5)
  .option('--max-steps <N>', 'optimizer steps per run', positiveInt)
  .option('--metric <name>', 'loss, val_loss, acc or val_acc', 'loss')
  .option('--equivalence-margin <x>', 'also test equivalence (TOST) within ±x, in the metric’s units', positiveNumber)
  .option('--json <file>', 'write the comparison as JSON')
  .option('--report <file.html>', 'write the comparison as a self-contained HTML page')
  .addOption(new Option('--backend <name>', 'tfjs backend').choices(['auto', ...BACKENDS]).default('auto'))
  .option('--gpu <name>', GPU_OPTION_HELP)
  .option('--parallel <n>', 'runs at a time (default: the number of cores)', positiveInt)
  .option('--runs-root <dir>', 'folder whose .actlens/runs keeps the event logs')
  .action(async (script: string, scriptArgs: string[], options: CompareCommandOptions) => {
    process.exitCode = await compareCommand(script, scriptArgs, options);
  });

program
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : EXIT.usage;
      return;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`actlens: ${printable(error.message)}\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    process.stderr.write(`actlens: internal error: ${printable((error as Error)?.stack ?? String(error))}\n`);
    process.exitCode = EXIT.ownFailure;
  })
  // A training process launched ahead (cached-start.ts) that no run took: a usage error, `run --help`.
  .finally(endRunnerLaunchedAhead);
