/**
 * The edits made to a live run's files, kept in the workspace's state, so that after a window reload (the run
 * goes on; the next window follows it again) its markers are placed where the edits moved them, and marked
 * stale, instead of at the lines the run started with. Only the run being shown live is journaled, and only so
 * many changes: past that, the journal says so and the file's markers are left out (the panel still lists them).
 */
import * as vscode from 'vscode';
import type { ContentChange } from './marker-tracking.ts';

const KEY = 'actlens.markerJournal';
/** Far more than a few edits while a run trains; a journal past it is not replayed. */
const MAX_CHANGES = 2000;
/** Text kept per change: of a longer one (a paste) only its line breaks and last line, which is all positions need. */
const MAX_TEXT = 200;

interface Point {
  line: number;
  character: number;
}
interface StoredChange {
  start: Point;
  end: Point;
  text: string;
}
interface Journal {
  runId: string;
  files: Record<string, StoredChange[] | 'too-many'>;
}

/** Where the journal lives: the extension context's workspaceState, or memory in tests. */
export type JournalStore = Pick<vscode.Memento, 'get' | 'update'>;

export class MarkerJournal {
  private journal: Journal | undefined;

  constructor(private readonly store: JournalStore = memoryStore()) {
    this.journal = store.get<Journal>(KEY);
  }

  /** Notes an edit of `file` while run `runId` is shown live; a new run starts a new journal. */
  add(runId: string, file: string, changes: readonly ContentChange[]): void {
    if (this.journal?.runId !== runId) this.journal = { runId, files: {} };
    const kept = this.journal.files[file] ?? [];
    if (kept === 'too-many') return;
    if (kept.length + changes.length > MAX_CHANGES) this.journal.files[file] = 'too-many';
    else this.journal.files[file] = [...kept, ...changes.map(stored)];
    void this.store.update(KEY, this.journal);
  }

  /**
   * The edits of `file` made while run `runId` was shown, in order; `too-many` when they were not all kept;
   * undefined when none were journaled.
   */
  changes(runId: string, file: string): ContentChange[] | 'too-many' | undefined {
    const kept = this.journal?.runId === runId ? this.journal.files[file] : undefined;
    if (kept === undefined || kept === 'too-many') return kept;
    return kept.map((change) => ({
      range: new vscode.Range(
        new vscode.Position(change.start.line, change.start.character),
        new vscode.Position(change.end.line, change.end.character),
      ),
      text: change.text,
    }));
  }
}

function stored(change: ContentChange): StoredChange {
  const { start, end } = change.range;
  const lines = change.text.split(/\r\n|\n|\r/);
  const text =
    change.text.length <= MAX_TEXT ? change.text : '\n'.repeat(lines.length - 1) + lines.at(-1)!.slice(-MAX_TEXT);
  return {
    start: { line: start.line, character: start.character },
    end: { line: end.line, character: end.character },
    text,
  };
}

function memoryStore(): JournalStore {
  const values = new Map<string, unknown>();
  return {
    get: <T>(key: string) => values.get(key) as T,
    update: (key: string, value: unknown) => {
      values.set(key, value);
      return Promise.resolve();
    },
  } as JournalStore;
}
