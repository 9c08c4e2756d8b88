/**
 * The worker thread behind {@link placeAsync} and {@link checkAsync}: it runs
 * one question synchronously, posts progress now and then, and posts the
 * answer (bigints and all cross by structured clone) or the error.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { check } from './check.js';
import { place } from './place.js';
import { InputError } from './quantity.js';
import type { WorkerReply, WorkerTask } from './async.js';

/** Progress is posted at most this often: a search reports every thousand nodes. */
const PROGRESS_EVERY_MS = 100;

const task = workerData as WorkerTask;
const started = performance.now();
let lastProgress = started;
const onProgress = (nodes: number): void => {
  const now = performance.now();
  if (now - lastProgress < PROGRESS_EVERY_MS) return;
  lastProgress = now;
  post({ type: 'progress', nodes, elapsedMs: now - started });
};

function post(reply: WorkerReply): void {
  parentPort!.postMessage(reply);
}

try {
  const solve = { ...task.options, onProgress };
  if (task.kind === 'place') post({ type: 'answer', answer: place(task.input as never, solve, task.file) });
  else post({ type: 'answer', answer: check(task.input as never, { solve }, task.file) });
} catch (error) {
  // An InputError's class does not survive the structured clone: send its parts.
  if (error instanceof InputError) post({ type: 'input-error', field: error.field, detail: error.detail, text: error.text, file: error.file });
  /* c8 ignore next -- an internal error (a bug): passed on as a plain Error */
  else post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
