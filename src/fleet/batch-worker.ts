/**
 * A worker thread of the batch pool: it answers lines, one at a time, as
 * they come, for as long as the pool keeps it.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SolveOptions } from '../solve/result.js';
import { answerLine } from './batch-answer.js';
import type { BatchTask } from './batch-pool.js';

const solve = (workerData as { solve: SolveOptions }).solve;
parentPort!.on('message', (task: BatchTask) => {
  parentPort!.postMessage({ id: task.id, answer: answerLine(task.text, task.line, solve) });
});
