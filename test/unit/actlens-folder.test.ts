import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ensureActLensFolder } from '../../src/session/actlens-folder.ts';

const workspace = () => mkdtempSync(path.join(tmpdir(), 'actlens-folder-'));

describe('the .actlens folder', () => {
  it('ignores itself for git when it is created: its runs never show in git status', () => {
    const root = workspace();
    spawnSync('git', ['init', '-q'], { cwd: root });
    writeFileSync(path.join(root, 'train.js'), '// the user’s script\n');
    const folder = ensureActLensFolder(root);
    mkdirSync(path.join(folder, 'runs', '20261130-train-abcd'), { recursive: true });
    writeFileSync(path.join(folder, 'runs', '20261130-train-abcd', 'events.jsonl'), '{}\n');
    assert.match(readFileSync(path.join(folder, '.gitignore'), 'utf8'), /^\*$/m);
    const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(status.status, 0, status.stderr);
    assert.deepEqual(status.stdout.trim().split('\n'), ['?? train.js']);
  });

  it('leaves a .gitignore the user wrote alone', () => {
    const root = workspace();
    mkdirSync(path.join(root, '.actlens'));
    writeFileSync(path.join(root, '.actlens', '.gitignore'), 'runs/\n');
    ensureActLensFolder(root);
    assert.equal(readFileSync(path.join(root, '.actlens', '.gitignore'), 'utf8'), 'runs/\n');
  });
});
