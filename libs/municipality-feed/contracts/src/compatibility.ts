/**
 * Backward compatibility of a JSON schema change for the consumers of a topic version: a consumer
 * written against `published` must still read every event valid under `next`. Allowed: adding an
 * optional property, changing descriptions. Refused (each a problem): removing a property,
 * changing its type (a nullable union included), making a property required or no longer
 * required, adding a required property, adding or removing enum values (a consumer meets a value
 * it does not know), changing a const, closing additionalProperties. A breaking change needs a new
 * version of the type (and of the topic), never an edit of the published one.
 */
export interface CompatibilityProblem {
  path: string;
  problem: string;
}

type Schema = Record<string, unknown>;

const typesOf = (s: Schema): string[] => {
  if (Array.isArray(s['type'])) return [...(s['type'] as string[])].sort();
  if (typeof s['type'] === 'string') return [s['type'] as string];
  if (Array.isArray(s['oneOf'])) return (s['oneOf'] as Schema[]).flatMap(typesOf).sort();
  if (Array.isArray(s['enum'])) return [...new Set((s['enum'] as unknown[]).map((v) => (v === null ? 'null' : typeof v)))].sort();
  if ('const' in s) return [s['const'] === null ? 'null' : typeof s['const']];
  return [];
};

const objectBranch = (s: Schema): Schema | null => {
  if (s['type'] === 'object' || s['properties']) return s;
  if (Array.isArray(s['oneOf'])) return (s['oneOf'] as Schema[]).find((b) => b['type'] === 'object') ?? null;
  return null;
};

export function compatibilityProblems(published: Schema, next: Schema, path = ''): CompatibilityProblem[] {
  const problems: CompatibilityProblem[] = [];
  const at = path || '/';
  const before = typesOf(published);
  const after = typesOf(next);
  if (before.join('|') !== after.join('|'))
    problems.push({ path: at, problem: `type changed from ${before.join('|') || 'any'} to ${after.join('|') || 'any'}` });

  if (Array.isArray(published['enum'])) {
    const values = new Set((next['enum'] as unknown[] | undefined)?.map((v) => JSON.stringify(v)) ?? []);
    const old = new Set((published['enum'] as unknown[]).map((v) => JSON.stringify(v)));
    for (const v of old) if (!values.has(v)) problems.push({ path: at, problem: `enum value ${v} removed` });
    for (const v of values) if (!old.has(v)) problems.push({ path: at, problem: `enum value ${v} added (old consumers do not know it)` });
  }
  if ('const' in published && JSON.stringify(published['const']) !== JSON.stringify(next['const']))
    problems.push({ path: at, problem: `const changed from ${JSON.stringify(published['const'])}` });

  // A list's items are held to the same rules (a new enum value in a list is as new to an old consumer).
  const items = (s: Schema) => (s['items'] && typeof s['items'] === 'object' ? (s['items'] as Schema) : null);
  const oldItems = items(published);
  const newItems = items(next);
  if (oldItems && newItems) problems.push(...compatibilityProblems(oldItems, newItems, `${path}[]`));
  else if (oldItems && !newItems) problems.push({ path: at, problem: 'items schema removed' });

  const a = objectBranch(published);
  const b = objectBranch(next);
  if (a && b) {
    const oldProps = (a['properties'] ?? {}) as Record<string, Schema>;
    const newProps = (b['properties'] ?? {}) as Record<string, Schema>;
    const oldRequired = new Set((a['required'] as string[] | undefined) ?? []);
    const newRequired = new Set((b['required'] as string[] | undefined) ?? []);
    for (const name of Object.keys(oldProps)) {
      if (!(name in newProps)) {
        problems.push({ path: `${path}/${name}`, problem: 'property removed' });
        continue;
      }
      problems.push(...compatibilityProblems(oldProps[name]!, newProps[name]!, `${path}/${name}`));
    }
    for (const name of newRequired)
      if (!oldRequired.has(name))
        problems.push({ path: `${path}/${name}`, problem: name in oldProps ? 'property made required' : 'required property added' });
    for (const name of oldRequired)
      if (!newRequired.has(name))
        problems.push({ path: `${path}/${name}`, problem: 'property no longer required (old consumers rely on it)' });
    if (b['additionalProperties'] === false && a['additionalProperties'] !== false)
      problems.push({ path: at, problem: 'additionalProperties closed' });
  }
  return problems;
}
