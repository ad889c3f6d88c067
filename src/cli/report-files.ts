/**
 * Writing the reports a command was asked for, after the run. Each is written on its own: one that fails
 * (a full disk, a folder removed during training) is said in one line and the others are still written.
 */
import { writeFileSync } from 'node:fs';
import { printable } from './terminal-text.ts';

export interface ReportFile {
  /** How the user asked for it: `--json`, `--report`. */
  option: string;
  file: string | undefined;
  contents: () => string;
}

/** Writes every report that was asked for; false when any could not be written (exit code 4). */
export function writeReports(reports: ReportFile[]): boolean {
  let allWritten = true;
  for (const { option, file, contents } of reports) {
    if (file === undefined) continue;
    try {
      writeFileSync(file, contents());
    } catch (error) {
      allWritten = false;
      process.stderr.write(
        `actlens: ${option} ${printable(file)} was not written: ${printable((error as Error).message)}\n`,
      );
    }
  }
  return allWritten;
}
