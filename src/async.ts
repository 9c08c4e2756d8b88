/**
 * The async forms of {@link place} and {@link check}: the same answer,
 * computed in a worker thread so the caller's event loop stays free. They
 * honour an `AbortSignal` (the worker is terminated at once) and report
 * progress. The synchronous forms stay for scripts.
 *
 * @module
 */
import { Worker } from 'node:worker_threads';
import type { PlacementQuestion } from './formats/question.js';
import type { CheckResult } from './migration/check.js';
import type { MigrationRequestFile } from './migration/request-schema.js';
import type { PlaceOptions } from './place.js';
import { InputError } from './quantity.js';
import type { PlacementAnswer } from './solve/answer.js';
import type { SolveOptions } from './solve/result.js';

/** How far a search has got. */
export interface Progress {
  /** Search nodes explored so far by the current stage. */
  readonly nodes: number;
  /** Milliseconds since the worker started the question. */
  readonly elapsedMs: number;
}

/** What the async forms take: the budget and strategy of {@link place}, with cancellation and progress. */
export interface AsyncOptions extends Pick<PlaceOptions, 'timeLimitMs' | 'nodeLimit' | 'strategy'> {
  /** Abort the question: the worker is terminated and the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called at most every 100 ms or so while a search runs. */
  readonly onProgress?: (progress: Progress) => void;
}

/** The budget and strategy the worker runs with (what crosses to the thread). */
type WorkerOptions = Pick<SolveOptions, 'timeLimitMs' | 'nodeLimit' | 'strategy'>;

/** What the worker is asked. @internal */
export interface WorkerTask {
  readonly kind: 'place' | 'check';
  readonly input: unknown;
  readonly options: WorkerOptions;
  readonly file: string | undefined;
}

/** What the worker says. @internal */
export type WorkerReply =
  | { readonly type: 'progress'; readonly nodes: number; readonly elapsedMs: number }
  | { readonly type: 'answer'; readonly answer: unknown }
  | { readonly type: 'input-error'; readonly field: string; readonly detail: string; readonly text: string; readonly file: string | undefined }
  | { readonly type: 'error'; readonly message: string };

/**
 * {@link place} in a worker thread. Rejects with an {@link InputError} for
 * bad input, with the signal's reason when aborted.
 *
 * @example
 * ```ts
 * const answer = await placeAsync(question, { nodeLimit: 2_000_000, signal: AbortSignal.timeout(10_000) });
 * if (answer.status === 'feasible') console.log(answer.placements);
 * ```
 */
export function placeAsync(
  question: PlacementQuestion | Uint8Array | string,
  options: AsyncOptions = {},
  file?: string,
): Promise<PlacementAnswer> {
  return run<PlacementAnswer>('place', question, budgetOf(options), options, file);
}

/** {@link check} in a worker thread; the budget is the placement solver's. */
export function checkAsync(
  request: MigrationRequestFile | Uint8Array | string,
  options: AsyncOptions = {},
  file?: string,
): Promise<CheckResult> {
  return run<CheckResult>('check', request, budgetOf(options), options, file);
}

function budgetOf(options: AsyncOptions): WorkerOptions {
  const { timeLimitMs, nodeLimit, strategy } = options;
  return {
    ...(timeLimitMs === undefined ? {} : { timeLimitMs }),
    ...(nodeLimit === undefined ? {} : { nodeLimit }),
    ...(strategy === undefined ? {} : { strategy }),
  };
}

/** The worker's module beside this one: `.js` when built, `.ts` when run from source (tests). */
function workerUrl(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './worker.ts' : './worker.js', here);
}

function run<T>(kind: WorkerTask['kind'], input: unknown, options: WorkerOptions, events: AsyncOptions, file: string | undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const signal = events.signal;
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    const task: WorkerTask = { kind, input, options, file };
    const worker = new Worker(workerUrl(), { workerData: task });
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      void worker.terminate();
      outcome();
    };
    const abort = (): void => finish(() => reject(signal!.reason));
    signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (reply: WorkerReply) => {
      switch (reply.type) {
        case 'progress':
          events.onProgress?.({ nodes: reply.nodes, elapsedMs: reply.elapsedMs });
          return;
        case 'answer':
          finish(() => resolve(reply.answer as T));
          return;
        case 'input-error':
          finish(() => reject(new InputError(reply.field, reply.detail, reply.text, reply.file)));
          return;
        /* c8 ignore next 2 -- an internal error in the solver: a bug, passed on as it is */
        case 'error':
          finish(() => reject(new Error(reply.message)));
      }
    });
    /* c8 ignore next 2 -- the worker crashed or was killed from outside: no answer to give */
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the placement worker stopped (exit ${code}) without an answer`))));
  });
}
