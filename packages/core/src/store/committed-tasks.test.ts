import { describe, expect, it } from 'vitest';
import { CommittedTasks } from './committed-tasks.js';
import { assertJobId, createJobId } from '../engine/job-id.js';

describe('engine: committed tasks', () => {
  it('remembers line ids and expanded ids, each once', () => {
    // Prepare
    const tasks = new CommittedTasks();

    // Act
    const added = ['1', '8', '9', '100000', '7:a/b.txt', '7:a/c.txt'].map((id) => tasks.add(id));
    const again = tasks.add('9');
    const againExpanded = tasks.add('7:a/b.txt');

    // Assess
    expect(added.every(Boolean)).toBe(true);
    expect(again).toBe(false);
    expect(againExpanded).toBe(false);
    expect(tasks.size).toBe(6);
    expect(['1', '8', '9', '100000', '7:a/b.txt'].every((id) => tasks.has(id))).toBe(true);
    expect(['2', '10', '99999', '7', '7:a/d.txt', '0', '01'].some((id) => tasks.has(id))).toBe(
      false,
    );
  });

  it('keeps inventory rows of different data files apart', () => {
    // Prepare
    const tasks = new CommittedTasks();

    // Act
    const added = ['5', '5@0', '5@1', '5@12'].map((id) => tasks.add(id));

    // Assess
    expect(added.every(Boolean)).toBe(true);
    expect(tasks.add('5@1')).toBe(false);
    expect(tasks.has('5@12')).toBe(true);
    expect(['5@2', '6@1', '5@'].some((id) => tasks.has(id))).toBe(false);
    expect(tasks.size).toBe(4);
  });

  it('keeps a million line ids in a bitmap', () => {
    // Prepare
    const tasks = new CommittedTasks();

    // Act
    for (let line = 1; line <= 1_000_000; line += 2) tasks.add(String(line));

    // Assess
    expect(tasks.size).toBe(500_000);
    expect(tasks.has('999999')).toBe(true);
    expect(tasks.has('1000000')).toBe(false);
  });

  it('keeps the tasks of prefix rows as one bit per plan seq, apart per row', () => {
    // Prepare
    const tasks = new CommittedTasks();

    // Act
    const added = [
      tasks.add('7:a.txt', 0),
      tasks.add('7:b.txt', 1),
      tasks.add('8@2:a.txt', 0),
      tasks.add('7:b.txt', 1),
    ];

    // Assess
    expect(added).toEqual([true, true, true, false]);
    expect(tasks.size).toBe(3);
    expect(tasks.has('7:b.txt', 1)).toBe(true);
    expect(tasks.has('8@2:x', 0)).toBe(true);
    expect(tasks.has('7:c.txt', 2)).toBe(false);
    expect(tasks.has('8:a.txt', 0)).toBe(false);
    expect(tasks.has('7', 0)).toBe(false);
  });

  it('finds a task an older ledger holds by id alone when it comes back with a seq', () => {
    // Prepare
    const tasks = new CommittedTasks();
    tasks.add('7:a.txt');

    // Act
    const again = tasks.add('7:a.txt', 0);

    // Assess
    expect(tasks.has('7:a.txt', 0)).toBe(true);
    expect(again).toBe(false);
    expect(tasks.add('7:b.txt', 1)).toBe(true);
    expect(tasks.size).toBe(2);
  });
});

describe('engine: job ids', () => {
  it('creates ids that sort by creation time and are safe as folder names', () => {
    // Act
    const earlier = createJobId(new Date('2026-01-02T03:04:05Z'));
    const later = createJobId(new Date('2026-01-02T03:04:06Z'));

    // Assess
    expect(earlier).toMatch(/^20260102-030405-[0-9a-f]{8}$/);
    expect(earlier < later).toBe(true);
    expect(assertJobId(earlier)).toBe(earlier);
  });

  it.each(['', '..', '../etc', 'a/b', 'a\\b', '.hidden', 'x'.repeat(129)])(
    'refuses %j as a job id',
    (id) => {
      expect(() => assertJobId(id)).toThrow(/not a valid job id/);
    },
  );
});
