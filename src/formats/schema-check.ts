/**
 * Checking a JSON file against its JSON Schema the way a person wants to be
 * told: the first unknown field first (with "did you mean"), since a
 * misspelt field is what the user wrote wrong and the schema's own first
 * error is often only its consequence (`swtich` leaves `switch` missing, and
 * ajv checks `required` before `additionalProperties`); then the first other
 * problem, named by its dotted JSON path. One home for the request file and
 * the facts file (and any file with a schema to come).
 *
 * @module
 */
import { Ajv, type ErrorObject } from 'ajv';
import { InputError, excerpt, parseGranules, shown } from '../quantity.js';
import { unknownFieldDetail } from './suggest.js';

type Validator = ReturnType<Ajv['compile']>;
type SchemaObject = Readonly<Record<string, unknown>>;

/**
 * A checker for `schema`: a function that throws an {@link InputError} naming
 * the first problem of a parsed JSON value, or returns when there is none.
 * Both validators are compiled on first use, so building a checker costs
 * nothing until it runs.
 *
 * @param schema a draft-07 JSON Schema whose objects list their `properties`
 */
export function schemaChecker(schema: SchemaObject): (json: unknown) => void {
  let structure: Validator | undefined;
  let fieldNames: Validator | undefined;
  return (json) => {
    structure ??= new Ajv({ allErrors: false }).compile(schema);
    if (structure(json)) return;
    // The reduced schema's errors carry their schema (`verbose`), whose `properties` are what a
    // misspelt field may have meant; it has no `type`, which ajv's strict mode would otherwise ask for.
    fieldNames ??= new Ajv({ allErrors: false, verbose: true, strictTypes: false }).compile(fieldNamesOnly(schema));
    throw unknownFieldError(json, fieldNames) ?? structureError(json, structure.errors![0]!);
  };
}

/**
 * The schema reduced to its field names: every object's `properties` and
 * `additionalProperties`, every array's `items`, and no type, required field
 * or value rule. Ajv applies `additionalProperties` to objects only, so this
 * schema fails exactly where the full schema meets an unknown field, and
 * nowhere else, whatever else is wrong in the file.
 */
function fieldNamesOnly(schema: SchemaObject): SchemaObject {
  const reduced: Record<string, unknown> = {};
  const { properties, additionalProperties, items } = schema;
  if (properties !== undefined) {
    reduced['properties'] = Object.fromEntries(
      Object.entries(properties as Record<string, SchemaObject>).map(([key, property]) => [key, fieldNamesOnly(property)]),
    );
  }
  if (additionalProperties !== undefined) {
    reduced['additionalProperties'] = typeof additionalProperties === 'boolean' ? additionalProperties : fieldNamesOnly(additionalProperties as SchemaObject);
  }
  if (items !== undefined) reduced['items'] = fieldNamesOnly(items as SchemaObject);
  return reduced;
}

/** The first unknown field, with the field it may have meant; `undefined` when every field is known. */
function unknownFieldError(data: unknown, validate: Validator): InputError | undefined {
  if (validate(data)) return undefined;
  // The reduced schema has no keyword but additionalProperties that can fail.
  const error = validate.errors![0]!;
  const key = String((error.params as { additionalProperty: unknown }).additionalProperty);
  const known = Object.keys((error.parentSchema as { properties: SchemaObject }).properties);
  return new InputError(child(locate(data, error.instancePath).path, excerpt(key)), unknownFieldDetail(key, known));
}

/**
 * Walk the JSON pointer of an ajv error, producing our dotted path and the
 * value found there. Names of the user's own choosing (vds services) are cut
 * as error lines cut values.
 */
function locate(data: unknown, pointer: string): { path: string; value: unknown } {
  let path = '';
  let value = data;
  if (pointer === '') return { path, value };
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      path += `[${key}]`;
      value = value[Number(key)];
    } else {
      path += path === '' ? excerpt(key) : `.${excerpt(key)}`;
      value = (value as Record<string, unknown>)[key];
    }
  }
  return { path, value };
}

function child(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** Turn ajv's first error, on a file whose fields are all known, into an InputError naming the JSON path. */
function structureError(data: unknown, error: ErrorObject): InputError {
  const { path, value } = locate(data, error.instancePath);
  // Quantities are the schemas' only `anyOf`: the quantity parser words the reason best.
  if (error.schemaPath.includes('/anyOf/')) parseGranules(value, 1, path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return new InputError(child(path, String(params.missingProperty)), 'is required');
    case 'enum':
      return new InputError(path, `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`, shown(value));
    case 'type':
      return new InputError(path, `must be ${String(params.type)}`, shown(value));
    case 'minItems':
      return new InputError(path, `must have at least ${String(params.limit)} entries`);
    case 'minLength':
      return new InputError(path, 'must not be empty');
    default:
      // `minimum` (counts, strands, clocks): ajv's own words, "must be >= 1", say it.
      return new InputError(path, error.message ?? 'is not valid', shown(value));
  }
}
