/**
 * `ldmfit/lp`: the LP/MIP strategy on its own — the assignment model for
 * javascript-lp-solver, made exact by packing every range for real and
 * adding no-good cuts (see the module comment of `solve/lp.ts`).
 *
 * @packageDocumentation
 */

export * from './solve/lp.js';
export { InputError } from './quantity.js';
