/**
 * A depth-first search's count of nodes against its budget: the node limit
 * at every node, the clock and the caller's progress every
 * {@link CLOCK_EVERY} nodes (reading the clock at every node would cost
 * more than a node of the small searches that use it).
 *
 * @module
 */
import type { SearchBudget } from './completion.js';

/** How often (in nodes) the clock is read and progress told. */
export const CLOCK_EVERY = 1024;

/** Nodes counted so far, and which budget stopped the search, if one did. */
export class NodeClock {
  /** Nodes counted. */
  nodes = 0;
  /** The budget that ran out, once one has. */
  stopped: 'node-limit' | 'time-limit' | undefined;

  constructor(private readonly budget: SearchBudget) {}

  /** Count a node; false (and {@link stopped} set) when a budget has run out. */
  tick(): boolean {
    this.nodes++;
    if (this.nodes > this.budget.nodeLimit) this.stopped = 'node-limit';
    else if (this.nodes % CLOCK_EVERY === 0) {
      if (performance.now() >= this.budget.deadline) this.stopped = 'time-limit';
      this.budget.onProgress?.(this.nodes);
    }
    return this.stopped === undefined;
  }
}
