import type { FastifyInstance } from 'fastify';

/** One route fastify holds: method and path in fastify's `:param` form, without trailing slash. */
export interface RegisteredRoute {
  readonly method: string;
  readonly path: string;
}

/**
 * Every route of a fastify app, read from `printRoutes` (fastify has no public list). The
 * tree prints one segment per line, indented four columns per level, with the methods in
 * parentheses; HEAD is left out because fastify adds it to every GET by itself.
 */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line.trimEnd());
    if (m === null) continue;
    const depth = (m[1] as string).length / 4;
    stack.length = depth;
    stack.push(m[2] as string);
    const path = stack.join('').replace(/\/$/, '');
    for (const method of (m[3] ?? '').split(', ').filter((x) => x !== '')) {
      if (method !== 'HEAD') routes.push({ method, path });
    }
  }
  return routes;
}
