import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../exit-codes.js';
import { listenForInterrupt } from './interrupt.js';

describe('job: interrupt', () => {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const existing = new Map(signals.map((name) => [name, process.listeners(name)]));

  afterEach(() => {
    vi.restoreAllMocks();
    // Remove only what a test left listening, never the test runner's own handlers.
    for (const name of signals) {
      for (const listener of process.listeners(name)) {
        if (!existing.get(name)?.includes(listener)) process.off(name, listener);
      }
    }
  });

  it('aborts on the first Ctrl-C and exits 130 on the second', () => {
    // Prepare
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const first = vi.fn();
    const interrupt = listenForInterrupt(first);

    // Act
    process.emit('SIGINT', 'SIGINT');
    const afterFirst = { aborted: interrupt.signal.aborted, exited: exit.mock.calls.length };
    process.emit('SIGINT', 'SIGINT');
    interrupt.dispose();

    // Assess
    expect(first).toHaveBeenCalledWith('SIGINT');
    expect(afterFirst).toEqual({ aborted: true, exited: 0 });
    expect(exit).toHaveBeenCalledWith(EXIT.interrupted);
    expect(interrupt.interrupted).toBe(true);
  });

  it('after a Ctrl-C, keeps listening once the job is over, so a second one still exits 130', () => {
    // Prepare
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const before = process.listenerCount('SIGINT');
    const interrupt = listenForInterrupt(() => undefined);
    process.emit('SIGINT', 'SIGINT');

    // Act: the graceful stop finished before the second Ctrl-C arrived.
    interrupt.dispose();
    process.emit('SIGINT', 'SIGINT');

    // Assess
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    expect(exit).toHaveBeenCalledWith(EXIT.interrupted);
  });

  it('without a Ctrl-C, stops listening once the job is over', () => {
    // Prepare
    const before = {
      int: process.listenerCount('SIGINT'),
      term: process.listenerCount('SIGTERM'),
    };
    const interrupt = listenForInterrupt(() => undefined);

    // Act
    interrupt.dispose();

    // Assess
    expect(interrupt.signal.aborted).toBe(false);
    expect({
      int: process.listenerCount('SIGINT'),
      term: process.listenerCount('SIGTERM'),
    }).toEqual(before);
  });
});
