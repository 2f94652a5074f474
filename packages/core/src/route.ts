import type { Params } from './view.js';

/** A compiled route pattern in Fastify's syntax: `/users/:id`, `/files/*`. */
export interface RoutePattern {
  readonly path: string;
  match(pathname: string): Params | null;
}

export function compileRoute(path: string): RoutePattern {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (segment === '*') {
        names.push('*');
        return '(.*)';
      }
      if (segment.startsWith(':')) {
        names.push(segment.slice(1).replace(/\?$/, ''));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  const regex = new RegExp(`^${source}/?$`);
  return {
    path,
    match(pathname) {
      const m = regex.exec(pathname);
      if (m === null) return null;
      const params: Params = {};
      names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      return params;
    },
  };
}

/** Route params plus query params (repeated keys become arrays); route params win. */
export function paramsOf(url: URL, routeParams: Params): Params {
  const params: Params = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    params[key] = all.length === 1 ? (all[0] as string) : all;
  }
  return { ...params, ...routeParams };
}
