/**
 * `ldmfit/tree`: the augmented range tree under every free map — nodes in
 * typed-array columns, the longest range of each subtree kept at its root,
 * first fit and best fit with the congruence rule in O(log n).
 *
 * @packageDocumentation
 */

export { NIL, RangeTree } from './range-tree.js';
export { InputError } from '../quantity.js';
