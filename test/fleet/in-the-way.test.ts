/**
 * The domains in the way: every piece of advice is checked here by building
 * the changed request file by hand (the freed blocks added to the target's
 * free memory, coalesced in exact bytes) and running the memory rule on it,
 * not through the module's own arithmetic.
 */
import t from 'tap';
import { adviseMemory, type Advice } from '../../src/fleet/advice.js';
import { adviseDomainsInTheWay, type BoundBlock, PAIR_TRIES } from '../../src/fleet/in-the-way.js';
import type { PlacementSolver } from '../../src/migration/rules/memory.js';
import { checkMemory } from '../../src/migration/rules/memory.js';
import { parseRequest } from '../../src/migration/request.js';
import { formatHex, parseBytes } from '../../src/quantity.js';
import { adviceJson, adviceText } from '../../src/report/advice.js';
import { solvePlacement } from '../../src/solve/place.js';
import { request, type Json } from '../migration/fixtures.js';

const G = 1n << 30n;
const M = 1n << 20n;

/** The base request (a 2G block at RA 0x8000000, PA 0x208000000; congruence 256M) with these free ranges on host-b. */
function refused(free: [bigint, bigint][]): Json {
  return request((json) => (json.target.freeMemory = free.map(([pa, size]) => ({ pa: formatHex(pa), size: formatHex(size) }))));
}

function blocks(owner: string, ...ranges: [bigint, bigint][]): BoundBlock[] {
  return ranges.map(([pa, size]) => ({ owner, pa, size }));
}

/** The request file with `freed` given back to the target, coalesced here in bytes. */
function withFreed(json: Json, freed: readonly { pa: bigint; size: bigint }[]): Json {
  const ranges = [
    ...(json.target.freeMemory as { pa: string; size: string }[]).map((r) => ({ pa: BigInt(parseBytes(r.pa, 'pa')), size: BigInt(parseBytes(r.size, 'size')) })),
    ...freed,
  ].sort((a, b) => (a.pa < b.pa ? -1 : 1));
  const merged: { pa: bigint; size: bigint }[] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last !== undefined && last.pa + last.size === r.pa) last.size += r.size;
    else merged.push({ ...r });
  }
  const changed = structuredClone(json);
  changed.target.freeMemory = merged.map((r) => ({ pa: formatHex(r.pa), size: formatHex(r.size) }));
  return changed;
}

function fitsAfter(json: Json, freed: readonly { pa: bigint; size: bigint }[]): boolean {
  const memory = checkMemory(parseRequest(withFreed(json, freed)), solvePlacement);
  return memory.findings.length === 0 && !memory.undecided;
}

function freedBy(advice: Advice, bound: readonly BoundBlock[]): { pa: bigint; size: bigint }[] {
  if (advice.kind === 'free-domain') return bound.filter((b) => advice.domains.includes(b.owner));
  if (advice.kind === 'shrink-domain') return [{ pa: advice.pa, size: advice.size }];
  throw new Error(`not about a domain: ${advice.kind}`);
}

// host-b: free 1G at 0x108000000 and 1G at 0x188000000; between them ldg5 (1G); elsewhere ldg4 (512M, too little),
// ldg7 (2G, but at 0x600000000 a 2G block needs 0x608000000..0x688000000), ldg8 (3G in three blocks), the control domain.
const trap = refused([[0x108000000n, G], [0x188000000n, G]]);
const trapBound = [
  ...blocks('primary', [0x0n, 4n * G]),
  ...blocks('ldg4', [0x500000000n, 512n * M]),
  ...blocks('ldg5', [0x148000000n, G]),
  ...blocks('ldg7', [0x600000000n, 2n * G]),
  ...blocks('ldg8', [0x780000000n, G], [0x700000000n, G], [0x740000000n, G]),
];

t.test('move one domain: those whose blocks free a range that fits, fewest bytes first, each verified', async (t) => {
  const advice = adviseDomainsInTheWay(parseRequest(trap), trapBound);
  t.same(advice.map((a) => [a.kind, a.kind === 'free-domain' ? a.domains : []]), [['free-domain', ['ldg5']], ['free-domain', ['ldg8']]]);
  t.same(advice.map((a) => a.message), [
    'move domain ldg5 (1G bound at 0x148000000) off host-b: the memory then fits (verified)',
    'move domain ldg8 (3G bound in 3 blocks from 0x700000000) off host-b: the memory then fits (verified)',
  ]);
  for (const a of advice) t.ok(fitsAfter(trap, freedBy(a, trapBound)), `${a.message}: solved again, it fits`);
  t.same(advice.map((a) => (a.kind === 'free-domain' ? a.freedBytes : 0n)), [G, 3n * G]);
});

t.test('a domain whose removal does not help is not advised, whatever it holds; the control domain never is', async (t) => {
  t.notOk(fitsAfter(trap, blocks('ldg4', [0x500000000n, 512n * M])), 'ldg4 frees too little');
  t.notOk(fitsAfter(trap, blocks('ldg7', [0x600000000n, 2n * G])), 'ldg7 frees 2G, but not at the congruence');
  t.ok(fitsAfter(trap, blocks('primary', [0x0n, 4n * G])), 'the control domain would help');
  const named = adviseDomainsInTheWay(parseRequest(trap), trapBound).flatMap((a) => (a.kind === 'free-domain' ? a.domains : []));
  t.notOk(named.includes('ldg4') || named.includes('ldg7') || named.includes('primary'));
});

t.test('at most three domains, the cheapest', async (t) => {
  const many = refused([[0x108000000n, G]]);
  const bound = [0, 1, 2, 3].flatMap((k) => blocks(`ldg${9 - k}`, [0x1000000000n + BigInt(k) * 0x100000000n, 3n * G]));
  const advice = adviseDomainsInTheWay(parseRequest(many), bound);
  // Equal sizes: by name.
  t.same(advice.flatMap((a) => (a.kind === 'free-domain' ? a.domains : [])), ['ldg6', 'ldg7', 'ldg8']);
});

t.test('shrink: the fewest 256M steps at a block end next to free memory, verified and minimal', async (t) => {
  // Free 1G at 0x100000000 (a 2G block needs 0x108000000..0x188000000); ldg9 holds 2G right after it and 128M right before it (less than a step).
  const json = refused([[0x100000000n, G]]);
  const bound = blocks('ldg9', [0x140000000n, 2n * G], [0xf8000000n, 128n * M]);
  const advice = adviseDomainsInTheWay(parseRequest(json), bound);
  t.same(advice.map((a) => a.kind), ['free-domain', 'shrink-domain']);
  t.equal(advice[0]!.message, 'move domain ldg9 (2176M bound in 2 blocks from 0xf8000000) off host-b: the memory then fits (verified)');
  const shrink = advice[1]!;
  t.same(shrink.kind === 'shrink-domain' ? [shrink.domain, shrink.pa, shrink.size] : [], ['ldg9', 0x140000000n, 1280n * M]);
  t.equal(shrink.message, 'or shrink domain ldg9 on host-b by 1280M, freeing PA 0x140000000 to 0x190000000 (next to free memory): the memory then fits (verified)');
  t.ok(fitsAfter(json, freedBy(shrink, bound)), 'the shrink fits when solved again');
  t.notOk(fitsAfter(json, [{ pa: 0x140000000n, size: G }]), 'one 256M step less does not');
  t.same(adviceJson(shrink), { kind: 'shrink-domain', domain: 'ldg9', pa: '0x140000000', size: '0x50000000', message: shrink.message });
  t.same(adviceJson(advice[0]!), { kind: 'free-domain', domains: ['ldg9'], freedBytes: '0x88000000', message: advice[0]!.message });
});

t.test('shrink at a block\'s high end, before a free range; the smaller of two ends; none off a 256M boundary', async (t) => {
  const json = refused([[0x140000000n, G]]);
  const bound = blocks('ldg2', [0xc0000000n, 2n * G]);
  const shrink = adviseDomainsInTheWay(parseRequest(json), bound).find((a) => a.kind === 'shrink-domain');
  t.same(shrink?.kind === 'shrink-domain' ? [shrink.pa, shrink.size] : [], [0xf0000000n, 1280n * M]);
  t.ok(fitsAfter(json, freedBy(shrink!, bound)));
  // Free memory on both sides: 1G below, 1920M above; 256M at the high end beats 1280M at the low end.
  const both = refused([[0x100000000n, G], [0x1c0000000n, 1920n * M]]);
  const middle = blocks('ldg2', [0x140000000n, 2n * G]);
  const best = adviseDomainsInTheWay(parseRequest(both), middle).find((a) => a.kind === 'shrink-domain');
  t.same(best?.kind === 'shrink-domain' ? [best.pa, best.size] : [], [0x1b0000000n, 256n * M]);
  t.ok(fitsAfter(both, freedBy(best!, middle)));
  // ldg5 sits between free ranges, but both its ends are 128M off a 256M boundary: memory DR could not free a part there.
  t.same(adviseDomainsInTheWay(parseRequest(trap), trapBound).filter((a) => a.kind === 'shrink-domain'), []);
});

t.test('no single domain helps: the cheapest pair that does, verified; pairs too small are not solved', async (t) => {
  const json = refused([[0x108000000n, G]]);
  const bound = [...blocks('ldgA', [0x148000000n, 512n * M]), ...blocks('ldgB', [0x168000000n, 512n * M]), ...blocks('ldgC', [0x900000000n, 256n * M])];
  let solves = 0;
  const counting: PlacementSolver = (instance, options) => (solves++, solvePlacement(instance, options));
  const advice = adviseDomainsInTheWay(parseRequest(json), bound, { solver: counting });
  t.same(advice.map((a) => (a.kind === 'free-domain' ? a.domains : [])), [['ldgA', 'ldgB']]);
  t.equal(advice[0]!.message, 'move domains ldgA and ldgB (512M bound at 0x148000000; 512M bound at 0x168000000) off host-b: no single domain frees enough, together the memory then fits (verified)');
  t.ok(fitsAfter(json, freedBy(advice[0]!, bound)));
  for (const alone of ['ldgA', 'ldgB']) t.notOk(fitsAfter(json, bound.filter((b) => b.owner === alone)), `${alone} alone does not`);
  t.equal(solves, 1, 'the singles and the smaller pairs are refused on their totals, before any solve');
});

t.test('pairs that free too little in total do not use up the budget', async (t) => {
  const json = refused([[0x108000000n, G]]);
  // Six 8K domains far away: their 27 pairs with each other and with ldgA or ldgB come before the pair that helps.
  const tiny = [0, 1, 2, 3, 4, 5].flatMap((k) => blocks(`tiny${k}`, [0x2000000000n + BigInt(k) * 0x100000n, 0x2000n]));
  const bound = [...tiny, ...blocks('ldgA', [0x148000000n, 512n * M]), ...blocks('ldgB', [0x168000000n, 512n * M])];
  t.same(adviseDomainsInTheWay(parseRequest(json), bound).map((a) => (a.kind === 'free-domain' ? a.domains : [])), [['ldgA', 'ldgB']]);
});

t.test('pairs are tried within a budget, then nothing is advised', async (t) => {
  // Five 2G domains 4G apart: each pair frees enough in total, none at the congruence.
  const json = refused([[0x108000000n, G]]);
  const bound = [0, 1, 2, 3, 4].flatMap((k) => blocks(`ldg${k}`, [0x1000000000n + BigInt(k) * 0x100000000n, 2n * G]));
  let solves = 0;
  const counting: PlacementSolver = (instance, options) => (solves++, solvePlacement(instance, options));
  t.same(adviseDomainsInTheWay(parseRequest(json), bound, { solver: counting }), []);
  t.equal(solves, 5 + PAIR_TRIES);
});

t.test('blocks are offered in whole granules only; nothing bound, nothing advised', async (t) => {
  const json = refused([[0x108000000n, G], [0x148002000n, G - 0x2000n]]);
  // 8K short of the granule boundary at each end: rounded inward, the block frees nothing, so it cannot join the ranges.
  const ragged = blocks('ldg3', [0x148000001n, 0x1fffn]);
  t.same(adviseDomainsInTheWay(parseRequest(json), ragged), []);
  t.same(adviseDomainsInTheWay(parseRequest(json), blocks('ldg3', [0x148000000n, 0x2000n])).map((a) => a.kind), ['free-domain'], 'the whole granule would');
  t.same(adviseDomainsInTheWay(parseRequest(json), []), []);
});

t.test('adviseMemory adds the domains in the way only when given the bound blocks; the text says what was tried', async (t) => {
  const request = parseRequest(trap);
  t.notOk(adviseMemory(request).some((a) => a.kind === 'free-domain'));
  const advice = adviseMemory(request, { boundBlocks: trapBound });
  t.same(advice.map((a) => a.kind), ['grow-range', 'free-domain', 'free-domain']);
  t.same(adviseMemory(parseRequest(refused([[0x108000000n, 4n * G]])), { boundBlocks: trapBound }), [], 'nothing when it fits');
  t.equal(adviceText(true, [], true), 'Advice: no change found that makes the memory fit (split mode, growing one free range and moving the target\'s domains were tried); for other targets, ldmfit rank\n');
  t.match(adviceText(true, advice, true), /^Advice: the free range .*\nAdvice: move domain ldg5 .*\nAdvice: move domain ldg8 .*\n$/);
});
