import type { BuildOptions } from 'esbuild';

/** The esbuild options of the browser bundle, shared by the build and the size check. */
export declare const bundleOptions: BuildOptions;
