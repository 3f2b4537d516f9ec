/** The parameters of a path matched against a route's pattern (`/pools/:id`), or undefined. Segments are decoded; an empty one never matches a parameter. */
export function matchRoute(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    let segment: string;
    try { segment = decodeURIComponent(got[i]); } catch { return undefined; }
    if (want[i].startsWith(':')) params[want[i].slice(1)] = segment;
    else if (want[i] !== segment) return undefined;
  }
  return params;
}
