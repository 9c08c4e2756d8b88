/**
 * `ldmfit/ldm`: what `ldm` prints, read. Captures (text holding one or more
 * `ldm` outputs, human, `-p` or XML) in; the facts they show, the placement
 * question and the migration request out, ready for `place` and `check`
 * from the main entry. `ldmfit inspect` and `place`/`check --source
 * --target --domain` are these calls.
 *
 * ```ts
 * import { readLdmCaptures, placementFromCaptures } from 'ldmfit/ldm';
 * import { place } from 'ldmfit';
 * const source = readLdmCaptures([{ name: 'source.txt', content: sourceText }]);
 * const target = readLdmCaptures([{ name: 'target.txt', content: targetText }]);
 * const answer = place(placementFromCaptures(source, target, 'ldg1').question);
 * ```
 *
 * @packageDocumentation
 */

export { LDM_READERS, readLdmCaptures } from './formats/ldm/read.js';
export type { CaptureFile } from './formats/ldm/read.js';
export { placementFromCaptures, requestFromCaptures } from './formats/ldm/questions.js';
export type { PlacementFromCaptures, QuestionSettings, RequestFromCaptures } from './formats/ldm/questions.js';
export { FACTS_SCHEMA } from './formats/ldm/facts.js';
export type { MigrationFacts } from './formats/ldm/facts.js';
export { formatInspectText, inspectJson } from './report/inspect.js';
export type { InspectJson, InspectJsonBlock, InspectJsonDomain } from './report/inspect.js';
export type { OutputReader, Readers } from './formats/ldm/capture.js';
export type {
  BlockRow,
  CaptureReading,
  CpuRow,
  CryptoRow,
  DomainFacts,
  LdmOutput,
  MemoryRow,
  MemoryRun,
  OutputFacts,
  OutputFormat,
  OutputText,
  ServiceFacts,
  VdiskFacts,
  VnetFacts,
} from './formats/ldm/model.js';
export { MemoryRows, MemoryRowsBuilder } from './formats/ldm/memory-rows.js';
export { MEMORY_RUN_LINE } from './formats/ldm/model.js';
export { InputError } from './quantity.js';
export type { PlacementQuestion } from './formats/question.js';
export type { MigrationRequestFile } from './migration/request-schema.js';
