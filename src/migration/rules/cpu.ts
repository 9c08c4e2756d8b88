/**
 * CPU rules: processor type and clock, free strands or whole cores, and the
 * CPU dynamic reconfiguration an LDoms 1.3 migration depends on (the source
 * shrinks the guest to one strand by CPU DR before the transfer).
 *
 * @module
 */
import { finding, type Finding } from '../finding.js';
import type { MigrationRequest } from '../request.js';

/** The processor types migration.md names, in its order (release order within a line). */
export const CPU_TYPES = [
  'UltraSPARC-T1', 'UltraSPARC-T2', 'UltraSPARC-T2+', 'SPARC-T3', 'SPARC-T4', 'SPARC-T5',
  'SPARC-M5', 'SPARC-M6', 'SPARC-M7', 'SPARC-T7', 'SPARC-S7', 'SPARC-M8', 'SPARC-T8',
  'SPARC64-X', 'SPARC64-X+', 'SPARC64-XII',
] as const;

const SPARC64 = new Set<string>(['SPARC64-X', 'SPARC64-X+', 'SPARC64-XII']);
const SUN4V = new Set<string>(CPU_TYPES.filter((type) => !SPARC64.has(type)));
const T4_AND_LATER = new Set<string>(CPU_TYPES.slice(CPU_TYPES.indexOf('SPARC-T4'), CPU_TYPES.indexOf('SPARC-T8') + 1));
/** ovm-3.6 release notes: no live migration between these two groups, whatever the class. */
const OLD_GROUP = new Set<string>(['UltraSPARC-T2', 'UltraSPARC-T2+', 'SPARC-T3']);
const T5_AND_LATER = new Set<string>(CPU_TYPES.slice(CPU_TYPES.indexOf('SPARC-T5'), CPU_TYPES.indexOf('SPARC-T8') + 1));

/** Whether `cpu-arch` lets a domain move between two processor types under ovm-3.6. */
function classAccepts(request: MigrationRequest, from: string, to: string): boolean {
  switch (request.domain.cpuArch) {
    case 'native': return from === to;
    case 'generic': return (SUN4V.has(from) && SUN4V.has(to)) || (SPARC64.has(from) && SPARC64.has(to));
    case 'migration-class1': return T4_AND_LATER.has(from) && T4_AND_LATER.has(to);
    case 'sparc64-class1': return SPARC64.has(from) && SPARC64.has(to);
  }
}

function excludedPair(from: string, to: string): boolean {
  return (OLD_GROUP.has(from) && T5_AND_LATER.has(to)) || (T5_AND_LATER.has(from) && OLD_GROUP.has(to));
}

/** `native` compares exactly; 1.3 always does (it has no cpu-arch classes). */
function exactCompare(request: MigrationRequest): boolean {
  return request.profile === 'ldoms-1.3' || request.domain.cpuArch === 'native';
}

function typeFindings(request: MigrationRequest): Finding[] {
  const from = request.source.cpu.type;
  const to = request.target.cpu.type;
  const subject = request.target.name;
  if (request.profile === 'ovm-3.6' && excludedPair(from, to)) {
    return [finding('CPU_TYPE_MISMATCH', subject, `Live migration between ${from} and ${to} is not supported by Oracle VM Server for SPARC 3.6, whatever the cpu-arch`)];
  }
  if (exactCompare(request)) {
    return from === to ? [] : [finding('CPU_TYPE_MISMATCH', subject, `Processor type ${to} on ${subject} differs from ${from} on ${request.source.name}`)];
  }
  return classAccepts(request, from, to)
    ? []
    : [finding('CPU_TYPE_MISMATCH', subject, `cpu-arch=${request.domain.cpuArch} does not allow migration from ${from} to ${to}`)];
}

function frequencyFindings(request: MigrationRequest): Finding[] {
  const { source, target } = request;
  if (!exactCompare(request) || source.cpu.mhz === target.cpu.mhz) return [];
  return [finding('CPU_FREQUENCY_MISMATCH', target.name, `Processor clock ${target.cpu.mhz} MHz on ${target.name} differs from ${source.cpu.mhz} MHz on ${source.name}`)];
}

/** 1.3 binds whole cores on the target; 3.6 binds vCPUs (strands) one by one. */
function strandFindings(request: MigrationRequest): Finding[] {
  const { domain, target } = request;
  const cpu = target.cpu;
  if (request.profile === 'ldoms-1.3') {
    const cores = Math.ceil(domain.strands / cpu.strandsPerCore);
    if (cores <= cpu.freeWholeCores) return [];
    return [finding('CPU_STRANDS_INSUFFICIENT', target.name, `${domain.strands} strands need ${cores} whole free cores of ${cpu.strandsPerCore} strands; ${target.name} has ${cpu.freeWholeCores}`)];
  }
  if (domain.strands <= cpu.freeStrands) return [];
  return [finding('CPU_STRANDS_INSUFFICIENT', target.name, `${domain.strands} vCPUs needed; ${target.name} has ${cpu.freeStrands} free strands`)];
}

/** 1.3-only rules about cores and CPU DR. */
function dynamicReconfigurationFindings(request: MigrationRequest): Finding[] {
  if (request.profile !== 'ldoms-1.3') return [];
  const { domain, target } = request;
  const name = domain.name;
  const findings: Finding[] = [];
  const spare = domain.strands % target.cpu.strandsPerCore;
  if (spare !== 0) {
    const idle = target.cpu.strandsPerCore - spare;
    findings.push(finding('CPU_PARTIAL_CORE', name, `${idle} strands of the last core bound on ${target.name} stay unusable until ${name} reboots`));
  }
  if (domain.strands > 1) {
    if (!domain.os.cpuDR) {
      findings.push(finding('CPU_DR_REQUIRED', name, `${name} has ${domain.strands} strands but its OS does not support CPU dynamic reconfiguration`));
    }
    const blockers = [domain.boundProcesses ? 'processes bound to CPUs' : '', domain.processorSets ? 'processor sets' : ''].filter((b) => b !== '');
    if (blockers.length > 0) {
      findings.push(finding('CPU_DR_BLOCKED', name, `${blockers.join(' and ')} in ${name} would stop the CPU DR that shrinks it to one strand`));
    }
  }
  findings.push(finding('CPU_DR_AFTER_REBOOT', name, `CPU dynamic reconfiguration stays disabled for ${name} on ${target.name} until it reboots`));
  return findings;
}

/**
 * Every CPU finding for the request, whatever the domain state (the caller
 * keeps the codes that apply to the state). Pure; O(1).
 */
export function checkCpu(request: MigrationRequest): Finding[] {
  return [
    ...typeFindings(request),
    ...frequencyFindings(request),
    ...strandFindings(request),
    ...dynamicReconfigurationFindings(request),
  ];
}
