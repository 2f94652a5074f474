import type { HookHandler, HookName, KineticPlugin, PluginApp } from '@kinetic/core';
import { type HookSet, type LiveRuntime, pluginName } from '@kinetic/core/runtime';
import type { FastifyInstance } from 'fastify';
import { badOptions } from './errors.js';

/** What a Kinetic plugin is given in a Fastify app. */
export interface KineticPluginApp extends PluginApp {
  /** The Fastify context the plugin was registered in: for its own routes (`/metrics`). */
  readonly fastify: FastifyInstance;
  /** Where Kinetic mounts its own endpoints (`/_kinetic`). */
  readonly prefix: string;
}

/** A plugin for a Fastify app (see @kinetic/core's KineticPlugin). */
export type FastifyKineticPlugin = KineticPlugin<KineticPluginApp>;

/**
 * Hooks of a connection, not of a view: a connection is not in any route's scope (it joins
 * views of several), so these run only when registered on the app.
 */
const APP_ONLY: ReadonlySet<HookName> = new Set([
  'onConnect',
  'onReconnect',
  'onDisconnect',
  'onPanic',
  'onShutdown',
]);

/**
 * The hook scopes of an app's Fastify contexts. A context's scope is made on first use,
 * with its ancestors' (Fastify makes a child context an object whose prototype is its
 * parent's instance), so a route runs the hooks of every context around it, outermost first.
 */
export class PluginScopes {
  private readonly scopes = new WeakMap<object, HookSet>();

  constructor(
    private readonly runtime: LiveRuntime,
    /** The instance the kinetic plugin was registered on: the app's scope. */
    root: FastifyInstance,
    private readonly prefix: string,
  ) {
    this.scopes.set(root, runtime.hooks);
  }

  /** The hooks of the Fastify context `instance`. */
  of(instance: FastifyInstance): HookSet {
    const known = this.scopes.get(instance);
    if (known !== undefined) return known;
    const parent = Object.getPrototypeOf(instance) as FastifyInstance | null;
    // Outside the app (no ancestor is it): the app's scope.
    if (parent === null || typeof parent !== 'object') return this.runtime.hooks;
    const scope = this.of(parent).child();
    this.scopes.set(instance, scope);
    return scope;
  }

  /** Runs a plugin's setup against the scope of `instance`. */
  async use(instance: FastifyInstance, plugin: FastifyKineticPlugin): Promise<void> {
    if (typeof plugin !== 'function') {
      throw badOptions(
        `a Kinetic plugin must be a function given the app (got ${plugin === null ? 'null' : typeof plugin}); see docs/plugins.md`,
      );
    }
    const name = pluginName(plugin);
    const scope = this.of(instance);
    const atRoot = scope === this.runtime.hooks;
    const log = instance.log.child({ plugin: name });
    await plugin({
      fastify: instance,
      prefix: this.prefix,
      log,
      stats: () => this.runtime.sessions.stats(),
      addHook: <N extends HookName>(hook: N, handler: HookHandler<N>) => {
        if (!atRoot && APP_ONLY.has(hook)) {
          throw badOptions(
            `plugin ${name} registered ${hook} inside a Fastify context; connection hooks (${[...APP_ONLY].join(', ')}) belong to the whole app: register the plugin with the kinetic plugin's plugins option, or app.useKinetic() on the app itself`,
          );
        }
        scope.add(hook, handler, name);
      },
    });
  }
}
