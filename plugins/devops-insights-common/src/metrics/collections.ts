/**
 * Appends to the list kept under a key; grouping rows this way stays linear
 * where copying the list on every append would not.
 * @public
 */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
