import './vscode-stub.ts';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { EXAMPLE_FILES, openExample } from '../../extension/commands.ts';
import { stub } from './vscode-stub.ts';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

describe('the walkthrough example (actlens.openExample)', () => {
  it('copies the example and what it requires into the workspace and opens it, keeping edited copies', async () => {
    stub.reset();
    const folder = mkdtempSync(path.join(tmpdir(), 'actlens-example-test-'));
    stub.workspaceFolders = [folder];
    const script = await openExample();
    assert.equal(script, path.join(folder, 'actlens-example', 'dying-relu-high-lr.js'));
    for (const file of EXAMPLE_FILES) {
      assert.equal(
        readFileSync(path.join(folder, 'actlens-example', file), 'utf8'),
        readFileSync(path.join(EXAMPLES, file), 'utf8'),
      );
    }
    assert.equal(stub.shownDocuments.at(-1)?.uri.fsPath, script);
    writeFileSync(script, '// edited');
    await openExample();
    assert.equal(readFileSync(script, 'utf8'), '// edited');
  });

  it('packages the files it copies', () => {
    const ignore = readFileSync(path.resolve(EXAMPLES, '..', '.vscodeignore'), 'utf8').split('\n');
    for (const file of EXAMPLE_FILES) assert.ok(ignore.includes(`!examples/${file}`), file);
  });
});

describe('the walkthrough and the extension page', () => {
  const ROOT = path.resolve(EXAMPLES, '..');
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const declared = new Set((manifest.contributes.commands as Array<{ command: string }>).map((c) => c.command));

  it('has four steps whose media are packaged files and whose buttons name declared commands', () => {
    const [walkthrough] = manifest.contributes.walkthroughs as Array<{
      id: string;
      steps: Array<{ description: string; media: { markdown?: string; image?: string }; completionEvents: string[] }>;
    }>;
    assert.equal(walkthrough!.id, 'actlens.gettingStarted');
    assert.equal(walkthrough!.steps.length, 4);
    const builtIn = new Set(['workbench.actions.view.problems', 'actlens.fixApplied']);
    for (const step of walkthrough!.steps) {
      const media = step.media.markdown ?? step.media.image!;
      assert.ok(existsSync(path.join(ROOT, media)), media);
      assert.match(media, /^(media\/walkthrough\/.*\.md|docs\/images\/.*\.png)$/); // both kept by .vscodeignore
      for (const [, command] of step.description.matchAll(/\(command:([\w.]+)\)/g))
        assert.ok(declared.has(command!) || builtIn.has(command!), command);
      for (const event of step.completionEvents) {
        const command = /^onCommand:(.+)$/.exec(event)?.[1];
        assert.ok(command && (declared.has(command) || builtIn.has(command)), event);
      }
    }
  });

  it('the extension page names only images that exist, and no other files (VS Code would not open them)', () => {
    const page = readFileSync(path.join(ROOT, 'docs', 'marketplace', 'README.md'), 'utf8');
    const links = [...page.matchAll(/(!?)\[[^\]]*\]\(([^)\s]+)\)/g)].map(([, bang, target]) => ({
      image: !!bang,
      target,
    }));
    assert.ok(links.some((link) => link.image));
    for (const { image, target } of links) {
      if (image) assert.ok(existsSync(path.join(ROOT, target!)), target);
      else assert.match(target!, /^https:\/\//);
    }
    assert.equal(manifest.icon, 'media/icon.png');
    assert.ok(existsSync(path.join(ROOT, manifest.icon)));
  });
});
