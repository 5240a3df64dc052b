import { describe, expect, it } from 'vitest';
import type { Task } from '../operations/types.js';
import { RequestTally } from './request-tally.js';

function task(key: string, size?: number, action?: 'copy' | 'delete'): Task {
  return {
    id: key,
    object: { bucket: 'b', key },
    ...(action ? { action } : {}),
    ...(size !== undefined ? { facts: { size } } : {}),
    location: { source: 'm.csv', line: 1 },
  };
}

describe('estimate: request tally', () => {
  it('counts each task, its bytes, and listing pages', () => {
    // Prepare
    const tally = new RequestTally();

    // Act
    tally.count('ListObjectsV2', 2);
    tally.addTask(task('a', 100), { requests: { CopyObject: 1 }, clientBytes: 0 });
    tally.addTask(task('b', 50), { requests: { CopyObject: 1 }, clientBytes: 50 });
    tally.addTask(task('c'), { requests: { HeadObject: 1, CopyObject: 1 }, sizeUnknown: true });

    // Assess
    expect(tally.requests()).toEqual({ CopyObject: 3, HeadObject: 1, ListObjectsV2: 2 });
    expect(tally.objectBytes).toBe(150);
    expect(tally.clientBytes).toBe(50);
    expect(tally.unknownSizes).toBe(1);
    expect(tally.tasks).toBe(3);
  });

  it('counts batched calls as full batches per group', () => {
    // Prepare
    const tally = new RequestTally();
    const batched = (group: string) => ({
      requests: {},
      batched: { request: 'DeleteObjects', group, size: 1000 },
    });

    // Act
    for (let i = 0; i < 2001; i++) tally.addTask(task(`k${i}`, 5, 'delete'), batched('one'));
    tally.addTask(task('x', 5, 'delete'), batched('two'));

    // Assess
    expect(tally.requests()).toEqual({ DeleteObjects: 4 });
    expect(tally.objectBytes).toBe(0);
  });

  it('keeps count of tasks whose operation cannot say its calls', () => {
    // Prepare
    const tally = new RequestTally();

    // Act
    tally.addTask(task('a'), undefined);
    tally.addTask(task('b'), { requests: { HeadObject: 1, GetObject: 1 }, upperBound: true });

    // Assess
    expect(tally.unestimatedTasks).toBe(1);
    expect(tally.upperBound).toBe(true);
    expect(tally.requests()).toEqual({ GetObject: 1, HeadObject: 1 });
  });
});
