/** A `--leave-out a,b` value as part names, each checked against the names the service knows (a misspelt one fails the start). */
export function partNames<TName extends string>(list: string, known: readonly TName[]): TName[] {
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(known as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`--leave-out: no part named ${unknown.join(', ')} (the parts: ${known.join(', ')})`);
  return names as TName[];
}
