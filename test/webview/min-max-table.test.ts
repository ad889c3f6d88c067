import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HalvingBuffer } from '../../webview/halving-buffer.ts';
import { MinMaxTable } from '../../webview/min-max-table.ts';
import { UnitTimeline } from '../../webview/unit-timeline.ts';

describe('halving buffer', () => {
  test('never holds more than its capacity and loses no item', () => {
    const buffer = new HalvingBuffer<number>(8, (target, later) => (target.value += later.value));
    for (let item = 1; item <= 1000; item += 1) buffer.add(item);
    assert.ok(buffer.all.length <= 8);
    assert.equal(
      buffer.all.reduce((sum, bucket) => sum + bucket.items, 0),
      1000,
    );
    assert.equal(
      buffer.all.reduce((sum, bucket) => sum + bucket.value, 0),
      (1000 * 1001) / 2,
    );
  });

  test('a lower limit halves the resolution until the buckets fit', () => {
    const buffer = new HalvingBuffer<number>(16, (target, later) => (target.value += later.value));
    for (let item = 1; item <= 16; item += 1) buffer.add(item);
    buffer.limit(4);
    assert.deepEqual(
      buffer.all.map((bucket) => bucket.items),
      [4, 4, 4, 4],
    );
    assert.equal(buffer.all[0]!.value, 1 + 2 + 3 + 4);
  });

  test('refuses a capacity that cannot halve', () => {
    assert.throws(() => new HalvingBuffer(1, () => {}), RangeError);
  });
});

describe('min–max table', () => {
  test('keeps every row while it fits', () => {
    const table = new MinMaxTable(4);
    const column = table.column('a');
    for (const x of [1, 2, 3]) table.append(x, [x * 10]);
    assert.deepEqual(table.plotColumns().x, [1, 2, 3]);
    assert.deepEqual(table.plotColumns().columns.get('a'), [10, 20, 30]);
    assert.equal(column, 0);
  });

  test('a merged bucket draws min and max in the order they occurred', () => {
    const falling = new MinMaxTable(2);
    falling.column('a');
    for (let x = 1; x <= 8; x += 1) falling.append(x, [100 - x]);
    const values = falling.plotColumns().columns.get('a')!;
    for (let index = 1; index < values.length; index += 1)
      assert.ok(values[index]! <= values[index - 1]!, `rises at ${index}: ${values}`);
    assert.deepEqual([values[0], values.at(-1)], [99, 92]);
  });

  test('shares its point budget among the columns: more layers, coarser buckets', () => {
    const table = new MinMaxTable(8192);
    table.column('layer0');
    for (let x = 1; x <= 5000; x += 1) table.append(x, [x]);
    assert.ok(table.plotColumns().x.length <= 2 * 1024);
    for (let layer = 1; layer < 64; layer += 1) table.column(`layer${layer}`);
    const { x, columns } = table.plotColumns();
    assert.ok(x.length * columns.size <= 8192, `${x.length} × ${columns.size}`);
    assert.deepEqual([x[0], x.at(-1)], [1, 5000]);
    assert.equal(Math.max(...columns.get('layer0')!.map((value) => value ?? 0)), 5000);
  });

  test('a column added late is missing (null) before it began; NaN is a gap', () => {
    const table = new MinMaxTable(16);
    table.column('early');
    table.append(1, [1]);
    const late = table.column('late');
    const row = [2];
    row[late] = Number.NaN;
    table.append(2, row);
    table.append(3, [3, 30]);
    assert.deepEqual(table.plotColumns().columns.get('late'), [null, null, 30]);
  });

  test('the revision moves with every row, and the plot data is rebuilt only then', () => {
    const table = new MinMaxTable(4);
    table.column('a');
    const before = table.revision;
    table.append(1, [1]);
    const first = table.plotColumns();
    assert.equal(table.plotColumns(), first);
    assert.notEqual(table.revision, before);
    table.append(2, [2]);
    assert.notEqual(table.plotColumns(), first);
  });
});

describe('unit timeline', () => {
  test('merged columns hold each unit’s share of alive windows', () => {
    const timeline = new UnitTimeline(2, 2);
    timeline.append(1, 10, [1, 1]);
    timeline.append(11, 20, [1, 0]);
    timeline.append(21, 30, [0, 0]);
    timeline.append(31, 40, [1, 0]);
    const columns = timeline.columns;
    assert.equal(columns.length, 2);
    assert.deepEqual([...columns[0]!.alive], [1, 0.5]);
    assert.deepEqual([columns[1]!.fromStep, columns[1]!.toStep], [21, 40]);
    assert.deepEqual([...columns[1]!.alive], [0.5, 0]);
  });
});
