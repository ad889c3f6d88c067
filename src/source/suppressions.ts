/**
 * Suppression comments, as linters have them:
 *
 *     // actlens-disable-next-line dead-units, lint-selu-initializer -- the units die on purpose here
 *     model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
 *     model.add(tf.layers.dense({ units: 8, activation: 'selu' })); // actlens-disable-line
 *
 * `actlens-disable-next-line` silences the line after the comment, `actlens-disable-line` its own line; both also in
 * `/* … *\/` form. The kinds (FINDING_KINDS, separated by commas or spaces) say which findings; none means every
 * kind. Text after ` -- ` is the reason, for the reader. A kind ActLens does not know is reported (a typo must not
 * silently turn a suppression off, nor everything on); the comment's known kinds still apply.
 *
 * Only real comments count: the file is parsed, so `'// actlens-disable-line'` in a string is not one. A finding is
 * matched by its `source.line` (1-based, the editor's lines: \n, \r\n, \r), the line of its layer factory call.
 * Pure: text in, answers out; hosts read the files.
 */
import ts from 'typescript';
import { FINDING_KINDS, type Finding, type FindingKind } from '../core/findings.ts';
import { editorLineStarts, lineIndexAt } from './editor-line-index.ts';
import { parseSource } from './parse.ts';

export const DISABLE_LINE = 'actlens-disable-line';
export const DISABLE_NEXT_LINE = 'actlens-disable-next-line';
export type SuppressionDirective = typeof DISABLE_LINE | typeof DISABLE_NEXT_LINE;

export interface SuppressionComment {
  directive: SuppressionDirective;
  /** 1-based line of the comment's start. */
  line: number;
  /** 1-based line whose findings it silences. */
  target: number;
  /** The known kinds it names; `all` when it names none. */
  kinds: readonly FindingKind[] | 'all';
  /** What follows ` -- `, if anything. */
  reason?: string;
  /** The comment's offsets in the text, end exclusive. */
  start: number;
  end: number;
}

/** A suppression comment that names something ActLens does not know. */
export interface SuppressionProblem {
  /** 1-based line and column of the comment. */
  line: number;
  column: number;
  start: number;
  end: number;
  /** The unknown names, as written. */
  unknown: string[];
  /** One sentence for a warning, naming the known kinds. */
  message: string;
}

export interface Suppressions {
  comments: SuppressionComment[];
  problems: SuppressionProblem[];
}

const NONE: Suppressions = { comments: [], problems: [] };
const KNOWN = new Set<string>(FINDING_KINDS);
const DIRECTIVE = /^actlens-disable(?:-next-line|-line)?(?=\s|$)/;

/** The suppression comments in a file's text (JS or TS; the file name picks the grammar). */
export function parseSuppressions(text: string, fileName: string): Suppressions {
  if (!text.includes('actlens-disable')) return NONE;
  let sourceFile: ts.SourceFile;
  try {
    sourceFile = parseSource(text, fileName);
  } catch {
    return NONE;
  }
  const lineStarts = editorLineStarts(text);
  const result: Suppressions = { comments: [], problems: [] };
  const seen = new Set<number>();
  for (let at = text.indexOf('actlens-disable'); at !== -1; at = text.indexOf('actlens-disable', at + 1)) {
    const comment = commentAt(sourceFile, text, at);
    if (!comment || seen.has(comment.start)) continue;
    seen.add(comment.start);
    read(comment, text, lineStarts, result);
  }
  return result;
}

/** Whether the comments silence `kind` at 1-based `line`: the comment that does, or undefined. */
export function suppressionFor(
  suppressions: Suppressions,
  kind: FindingKind,
  line: number,
): SuppressionComment | undefined {
  return suppressions.comments.find(
    (comment) => comment.target === line && (comment.kinds === 'all' || comment.kinds.includes(kind)),
  );
}

/** Whether a finding is silenced by the comments of its own source file (a finding without a source never is). */
export function isSuppressed(suppressions: Suppressions, finding: Pick<Finding, 'kind' | 'source'>): boolean {
  return finding.source !== null && suppressionFor(suppressions, finding.kind, finding.source.line) !== undefined;
}

/** A finding a suppression comment took out, as reports list it. */
export interface SuppressedFinding {
  kind: FindingKind;
  severity: Finding['severity'];
  layer: string | null;
  file: string;
  line: number;
  message: string;
  /** The comment's reason, when it gives one. */
  reason?: string;
}

export interface FileSuppressionProblem extends SuppressionProblem {
  file: string;
}

/**
 * Findings split into those shown and those a comment in their source file silences; each file is read once
 * (`textOf` returns undefined for a file that cannot be read: its findings stay). Also the problems of the
 * comments in the files read, in the order first read.
 */
export function applySuppressions<F extends Finding>(
  findings: readonly F[],
  textOf: (file: string) => string | undefined,
  /** Files whose comments are checked for problems even without a finding in them (the script itself). */
  alsoCheck: readonly string[] = [],
): { kept: F[]; suppressed: SuppressedFinding[]; problems: FileSuppressionProblem[] } {
  const files = new Map<string, Suppressions>();
  const suppressionsOf = (file: string): Suppressions => {
    let found = files.get(file);
    if (!found) {
      const text = textOf(file);
      found = text === undefined ? NONE : parseSuppressions(text, file);
      files.set(file, found);
    }
    return found;
  };
  const kept: F[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const comment = finding.source
      ? suppressionFor(suppressionsOf(finding.source.file), finding.kind, finding.source.line)
      : undefined;
    if (!comment || !finding.source) {
      kept.push(finding);
      continue;
    }
    suppressed.push({
      kind: finding.kind,
      severity: finding.severity,
      layer: finding.layer,
      file: finding.source.file,
      line: finding.source.line,
      message: finding.message,
      ...(comment.reason ? { reason: comment.reason } : {}),
    });
  }
  for (const file of alsoCheck) suppressionsOf(file);
  const problems = [...files].flatMap(([file, { problems }]) => problems.map((problem) => ({ file, ...problem })));
  return { kept, suppressed, problems };
}

/** The known kinds, for messages. */
export function knownKindsText(): string {
  return FINDING_KINDS.join(', ');
}

// ---- Reading ------------------------------------------------------------------------------------------

interface CommentText {
  start: number;
  end: number;
  block: boolean;
}

/**
 * The comment that contains offset `at`, or undefined when `at` is in code, a string, a template or a regex. Walks
 * down the tokens that contain it; comments live in the trivia between a token's full start and its start.
 */
function commentAt(sourceFile: ts.SourceFile, text: string, at: number): CommentText | undefined {
  let node: ts.Node = sourceFile;
  descend: for (;;) {
    for (const child of node.getChildren(sourceFile)) {
      // JSDoc nodes sit over the comment they parse; the comment is still the token's trivia.
      if (child.kind >= ts.SyntaxKind.FirstJSDocNode && child.kind <= ts.SyntaxKind.LastJSDocNode) continue;
      if (at < child.getFullStart() || at >= child.getEnd()) continue;
      const start = child.getStart(sourceFile);
      if (at < start) return commentsIn(text, child.getFullStart(), start).find((c) => c.start <= at && at < c.end);
      node = child;
      continue descend;
    }
    return undefined;
  }
}

/** The comments in a stretch of trivia (whitespace and comments only). */
function commentsIn(text: string, from: number, to: number): CommentText[] {
  const comments: CommentText[] = [];
  let at = from;
  while (at < to) {
    if (text.startsWith('//', at)) {
      let end = at + 2;
      while (end < to && text[end] !== '\n' && text[end] !== '\r') end++;
      comments.push({ start: at, end, block: false });
      at = end;
    } else if (text.startsWith('/*', at)) {
      const close = text.indexOf('*/', at + 2);
      const end = close === -1 || close + 2 > to ? to : close + 2;
      comments.push({ start: at, end, block: true });
      at = end;
    } else {
      at++;
    }
  }
  return comments;
}

function read(comment: CommentText, text: string, lineStarts: number[], into: Suppressions): void {
  const closed = comment.block && comment.end - comment.start >= 4 && text.startsWith('*/', comment.end - 2);
  const inner = text.slice(comment.start + 2, closed ? comment.end - 2 : comment.end);
  // `/** actlens-disable-line */` reads like the block form.
  const body = (comment.block ? inner.replace(/^\*+/, '') : inner).trim();
  const directive = DIRECTIVE.exec(body)?.[0];
  if (!directive) return;
  const line = lineOf(lineStarts, comment.start);
  const column = comment.start - lineStarts[line - 1]! + 1;
  const where = { line, column, start: comment.start, end: comment.end };
  if (directive === 'actlens-disable') {
    into.problems.push({
      ...where,
      unknown: [],
      message: `ActLens knows ${DISABLE_LINE} and ${DISABLE_NEXT_LINE}, not a bare actlens-disable; this comment silences nothing.`,
    });
    return;
  }
  const rest = body.slice(directive.length);
  const split = /(?:^|\s)-{2,}(?:\s|$)/.exec(rest);
  const names = (split ? rest.slice(0, split.index) : rest).split(/[\s,]+/).filter(Boolean);
  const reason = split ? rest.slice(split.index + split[0].length).trim() : '';
  const known = names.filter((name): name is FindingKind => KNOWN.has(name));
  const unknown = names.filter((name) => !KNOWN.has(name));
  if (unknown.length > 0)
    into.problems.push({
      ...where,
      unknown,
      message: `${unknownText(unknown)} in ${directive}${known.length === 0 ? ' (it silences nothing)' : ''}; known kinds: ${knownKindsText()}.`,
    });
  if (names.length > 0 && known.length === 0) return;
  const endLine = lineOf(lineStarts, Math.max(comment.start, comment.end - 1));
  into.comments.push({
    directive: directive as SuppressionDirective,
    line,
    target: directive === DISABLE_LINE ? line : endLine + 1,
    kinds: names.length === 0 ? 'all' : known,
    ...(reason ? { reason } : {}),
    start: comment.start,
    end: comment.end,
  });
}

function unknownText(unknown: string[]): string {
  const quoted = unknown.map((name) => {
    const close = closestKind(name);
    return `'${name}'${close ? ` (did you mean '${close}'?)` : ''}`;
  });
  return `unknown finding kind${unknown.length === 1 ? '' : 's'} ${quoted.join(', ')}`;
}

/** The known kind a misspelt name most likely meant (at most a third of its letters off), if any. */
export function closestKind(name: string): FindingKind | undefined {
  let best: { kind: FindingKind; distance: number } | undefined;
  for (const kind of FINDING_KINDS) {
    const distance = Math.min(editDistance(name, kind), editDistance(`lint-${name}`, kind));
    if (!best || distance < best.distance) best = { kind, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(name.length / 3)) ? best.kind : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** 1-based line of an offset. */
function lineOf(lineStarts: number[], offset: number): number {
  return lineIndexAt(lineStarts, offset) + 1;
}
